import { describe, expect, it } from 'vitest';
import type { Flow } from '../model/types';
import { emptyFlow } from '../store/editor';
import { connect } from '../store/operations';
import { addModule } from '../store/moduleRecipes';
import { setAssumption } from '../store/inspectorRecipes';
import { serializeFlow } from '../io/serialize';
import { createDerived } from '../store/derived';
import { createCompareSelectors } from '../store/compare';
import { testHost } from './testing';
import type { PickedFile } from './compare';

function flow(): Flow {
  const f = emptyFlow('Now');
  addModule(f, 'trigger', { x: 0, y: 0 });
  addModule(f, 'action', { x: 0, y: 160 });
  connect(f, 'm1', 'm2');
  return f;
}

function otherFile(): PickedFile {
  const f = flow();
  addModule(f, 'search', { x: 0, y: 320 });
  connect(f, 'm2', 'm3');
  return { name: 'other.json', text: serializeFlow(f) };
}

describe('Compare with file…', () => {
  it('compares the document with the picked file, leaving the document and its history alone; End compare returns to normal', async () => {
    const editor = testHost({ flow: flow(), pickFile: async () => otherFile() });
    const before = editor.store.getState().flow;
    expect(editor.commands.isEnabled(editor.commands.get('view.endCompare')!)).toBe(false);
    expect(await editor.commands.run('view.compareWithFile')).toBe(true);
    const state = editor.store.getState();
    expect(state.ui.compare?.label).toBe('other.json');
    expect(state.flow).toBe(before);
    expect(state.past).toEqual([]);
    const view = createDerived({ compareSelectors: createCompareSelectors }).selectCompare(state)!;
    expect(view.ghosts.modules.map((m) => m.id)).toEqual(['m3']);
    expect(await editor.commands.run('view.endCompare')).toBe(true);
    expect(editor.store.getState().ui.compare).toBeNull();
  });

  it('a file the user cancels changes nothing', async () => {
    const editor = testHost({ flow: flow(), pickFile: async () => null });
    await editor.commands.run('view.compareWithFile');
    expect(editor.store.getState().ui.compare).toBeNull();
    expect(editor.store.getState().ui.toast).toBeNull();
  });

  it('a file that cannot be read changes nothing and says where it is wrong', async () => {
    const editor = testHost({ flow: flow(), pickFile: async () => ({ name: 'broken.json', text: '{"format": "creditflow",' }) });
    await editor.commands.run('view.compareWithFile');
    const { ui } = editor.store.getState();
    expect(ui.compare).toBeNull();
    expect(ui.toast?.kind).toBe('error');
    expect(ui.toast?.message).toMatch(/^Cannot compare with broken\.json: line 1, column \d+: /);
  });

  it('view.compareWith takes a flow and its name (a version) or a file’s text', async () => {
    const editor = testHost({ flow: flow() });
    const version = flow();
    setAssumption(version, 'm2', 'durationSec', 30);
    await editor.commands.run('view.compareWith', { flow: version, label: 'Version 3' });
    expect(editor.store.getState().ui.compare).toMatchObject({ label: 'Version 3' });
    const file = otherFile();
    await editor.commands.run('view.compareWith', { text: file.text, fileName: file.name });
    expect(editor.store.getState().ui.compare?.label).toBe('other.json');
  });

  it('view.compareWith with `against` compares that flow with the other, the document aside', async () => {
    const editor = testHost({ flow: flow() });
    const a = flow();
    const b = flow();
    setAssumption(b, 'm2', 'durationSec', 30);
    await editor.commands.run('view.compareWith', { flow: a, label: 'A', against: { flow: b, label: 'B' } });
    const view = createDerived({ compareSelectors: createCompareSelectors }).selectCompare(editor.store.getState())!;
    expect(view).toMatchObject({ label: 'A', against: 'B' });
    expect(view.diff.modules.find((m) => m.id === 'm2')?.status).toBe('changed');
    // Without `against`, the same flow is compared with the document (the document equals A: nothing differs).
    await editor.commands.run('view.compareWith', { flow: a, label: 'A' });
    const plain = createDerived({ compareSelectors: createCompareSelectors }).selectCompare(editor.store.getState())!;
    expect(plain.against).toBeUndefined();
    expect(plain.diff.modules.every((m) => m.status === 'unchanged')).toBe(true);
  });
});

describe('edit.goToStep', () => {
  it('jumps to a point of the undo history in one command', async () => {
    const editor = testHost({ flow: flow() });
    const start = editor.store.getState().flow;
    editor.store.getState().edit('One', (d) => setAssumption(d, 'm2', 'durationSec', 5));
    const afterOne = editor.store.getState().flow;
    editor.store.getState().edit('Two', (d) => setAssumption(d, 'm2', 'durationSec', 9));
    await editor.commands.run('edit.goToStep', 1);
    expect(editor.store.getState().flow).toEqual(afterOne);
    await editor.commands.run('edit.goToStep', 0);
    expect(editor.store.getState().flow).toEqual(start);
    await editor.commands.run('edit.goToStep', 2);
    expect(editor.store.getState().past.map((s) => s.label)).toEqual(['One', 'Two']);
  });
});
