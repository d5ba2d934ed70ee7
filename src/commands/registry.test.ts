import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importText } from '../io/import';
import type { ClipboardAdapter } from './registry';
import { emptyFlow } from '../store/editor';
import { connect, moveModules, removeElements } from '../store/operations';
import { addModule } from '../store/moduleRecipes';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { defaultSampleFlow } from '../io/samples/index';
import { sampleById } from '../io/samples/sampleById';
import type { Flow } from '../model/types';
import { platformTableOf } from '../cost/platformTable';
import { testHost as testEditor, type TestHost as TestEditor } from './testing';

function threeModules(): Flow {
  const flow = emptyFlow('Three');
  addModule(flow, 'trigger', { x: 0, y: 0 });
  addModule(flow, 'action', { x: 0, y: 100 });
  addModule(flow, 'action', { x: 0, y: 200 });
  connect(flow, 'm1', 'm2');
  connect(flow, 'm2', 'm3');
  return flow;
}

/** A clipboard that works like the browser's, in memory. */
function fakeClipboard(): ClipboardAdapter & { text: string } {
  const clip = {
    text: '',
    writeText: async (t: string) => {
      clip.text = t;
    },
    readText: async () => clip.text,
  };
  return clip;
}

/** A fresh editor per test (no system clipboard unless a test gives one); no global to reset. */
let editor: TestEditor;
const state = () => editor.store.getState();
const runCommand = (id: string, payload?: unknown) => editor.commands.run(id, payload);
/** Starts the test over on an editor with this clipboard. */
const withClipboard = (clipboard: ClipboardAdapter | null) => {
  editor = testEditor({ flow: threeModules(), clipboard });
};

beforeEach(() => {
  editor = testEditor({ flow: threeModules() });
});

describe('the command list', () => {
  it('has every command the brief names, each with a label and group', () => {
    const ids = editor.commands.list.map((c) => c.id);
    for (const id of [
      'file.new', 'file.openSample', 'file.import', 'file.export', 'edit.undo', 'edit.redo', 'edit.copy', 'edit.cut',
      'edit.paste', 'edit.duplicate', 'edit.delete', 'select.all', 'select.none', 'view.fitView', 'view.zoomIn',
      'view.zoomOut', 'view.toggleSnap', 'view.toggleHeatmap', 'view.autoLayout', 'view.search', 'help.shortcuts',
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of editor.commands.list) expect(c.label.length).toBeGreaterThan(0);
  });

  it('no two commands share a shortcut', () => {
    const seen = new Map<string, string>();
    for (const c of editor.commands.list) {
      for (const s of c.shortcut ?? []) {
        expect(seen.get(s.toLowerCase()), `${s} on ${c.id}`).toBeUndefined();
        seen.set(s.toLowerCase(), c.id);
      }
    }
  });

  it('shows shortcuts in the platform’s words', () => {
    expect(editor.commands.shortcutLabel(editor.commands.get('edit.undo')!)).toBe('Ctrl+Z');
    const mac = testEditor({ mac: true }).commands;
    expect(mac.shortcutLabel(mac.get('edit.redo')!)).toBe('⇧⌘Z');
  });
});

describe('matchShortcut', () => {
  it('finds undo, both redos, delete, select all and search', () => {
    expect(editor.commands.match({ key: 'z', ctrlKey: true })?.id).toBe('edit.undo');
    expect(editor.commands.match({ key: 'Z', ctrlKey: true, shiftKey: true })?.id).toBe('edit.redo');
    expect(editor.commands.match({ key: 'y', ctrlKey: true })?.id).toBe('edit.redo');
    expect(editor.commands.match({ key: 'Delete' })?.id).toBe('edit.delete');
    expect(editor.commands.match({ key: 'Backspace' })?.id).toBe('edit.delete');
    expect(editor.commands.match({ key: 'a', ctrlKey: true })?.id).toBe('select.all');
    expect(editor.commands.match({ key: 'f', ctrlKey: true })?.id).toBe('view.search');
    expect(editor.commands.match({ key: 'd', ctrlKey: true })?.id).toBe('edit.duplicate');
    expect(editor.commands.match({ key: 'q' })).toBeUndefined();
  });

  it('leaves keys typed into a field alone, except Escape', () => {
    const input = { tagName: 'INPUT' };
    expect(editor.commands.match({ key: 'Backspace', target: input })).toBeUndefined();
    expect(editor.commands.match({ key: 'z', ctrlKey: true, target: { tagName: 'TEXTAREA' } })).toBeUndefined();
    expect(editor.commands.match({ key: 'a', ctrlKey: true, target: { tagName: 'DIV', isContentEditable: true } })).toBeUndefined();
    expect(editor.commands.match({ key: 'Escape', target: input })?.id).toBe('select.none');
  });
});

describe('edit commands', () => {
  it('delete removes the selection (and edges of removed modules) in one undo step', async () => {
    state().setSelection({ modules: ['m2'] });
    expect(await runCommand('edit.delete')).toBe(true);
    expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm3']);
    expect(state().flow.edges).toEqual([]);
    expect(state().selection.modules).toEqual([]);
    expect(await runCommand('edit.undo')).toBe(true);
    expect(state().flow).toEqual(threeModules());
    expect(await runCommand('edit.redo')).toBe(true);
    expect(state().flow.modules).toHaveLength(2);
  });

  it('a disabled command does not run', async () => {
    expect(await runCommand('edit.delete')).toBe(false);
    expect(await runCommand('edit.undo')).toBe(false);
    expect(await runCommand('no.such.command')).toBe(false);
  });

  it('copy then paste adds the modules and the edges among them with new ids, selected, offset further each time', async () => {
    const clip = fakeClipboard();
    withClipboard(clip);
    state().setSelection({ modules: ['m2', 'm3'] });
    await runCommand('edit.copy');
    expect(JSON.parse(clip.text)).toMatchObject({ kind: 'creditflow/modules' });
    await runCommand('edit.paste');
    expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(state().selection.modules).toEqual(['m4', 'm5']);
    const pastedEdge = state().flow.edges.find((e) => e.source === 'm4');
    expect(pastedEdge?.target).toBe('m5');
    expect(state().flow.modules[3]?.position).toEqual({ x: 40, y: 140 });
    await runCommand('edit.paste');
    expect(state().flow.modules[5]?.position).toEqual({ x: 80, y: 180 });
    // Each paste is one undo step.
    expect(state().past.map((s) => s.label)).toEqual(['Paste', 'Paste']);
  });

  it('paste falls back to this tab’s memory when there is no system clipboard', async () => {
    withClipboard(null);
    state().setSelection({ modules: ['m3'] });
    await runCommand('edit.copy');
    await runCommand('edit.paste');
    expect(state().flow.modules).toHaveLength(4);
  });

  it('paste of unrelated text with nothing copied tells the user; a flow file opens the import dialog', async () => {
    const clip = fakeClipboard();
    withClipboard(clip);
    clip.text = 'just some words';
    await runCommand('edit.paste');
    expect(state().ui.toast?.message).toMatch(/Nothing to paste/);
    expect(state().flow.modules).toHaveLength(3);
    clip.text = serializeFlow(threeModules());
    await runCommand('edit.paste');
    expect(state().ui.dialog).toEqual({ kind: 'import', payload: { text: clip.text } });
  });

  it('cut copies and deletes in one step; duplicate copies in place in one step', async () => {
    withClipboard(null);
    state().setSelection({ modules: ['m2', 'm3'] });
    await runCommand('edit.duplicate');
    expect(state().flow.modules).toHaveLength(5);
    expect(state().flow.edges).toHaveLength(3);
    expect(state().past.map((s) => s.label)).toEqual(['Duplicate']);
    state().setSelection({ modules: ['m2'] });
    await runCommand('edit.cut');
    expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm3', 'm4', 'm5']);
    await runCommand('edit.paste');
    expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm3', 'm4', 'm5', 'm6']);
    expect(state().past.map((s) => s.label)).toEqual(['Duplicate', 'Cut', 'Paste']);
  });

  it('select all and select none; Escape closes a dialog before clearing the selection', async () => {
    await runCommand('select.all');
    expect(state().selection).toEqual({ modules: ['m1', 'm2', 'm3'], edges: ['e1', 'e2'] });
    state().openDialog('search');
    await runCommand('select.none');
    expect(state().ui.dialog).toBeNull();
    expect(state().selection.modules).toHaveLength(3);
    await runCommand('select.none');
    expect(state().selection.modules).toHaveLength(0);
  });
});

describe('file commands', () => {
  it('export downloads the flow file text under a name from the flow', async () => {
    const files = editor.downloads;
    await runCommand('file.export');
    expect(files).toHaveLength(1);
    expect(files[0]![0]).toBe('three.json');
    const parsed = parseFlow(files[0]![1]);
    expect(parsed.ok && parsed.value).toEqual(state().flow);
  });

  it('new flow and open sample replace the document undoably', async () => {
    await runCommand('file.openSample', 'nightly-sync');
    expect(state().flow).toEqual(await sampleById('nightly-sync')!.load());
    await runCommand('file.openSample');
    expect(state().flow).toEqual(defaultSampleFlow());
    await runCommand('file.new');
    expect(state().flow.modules.map((m) => m.type)).toEqual(['trigger']);
    await runCommand('edit.undo');
    await runCommand('edit.undo');
    await runCommand('edit.undo');
    expect(state().flow).toEqual(threeModules());
  });

  it('new flow and open sample ask before replacing a flow with edits in no file, and replace once confirmed', async () => {
    state().edit('Rename', (d) => void (d.name = 'Edited'));
    const edited = state().flow;
    await runCommand('file.new');
    expect(state().flow).toBe(edited);
    const asked = state().ui.dialog;
    expect(asked?.kind).toBe('confirm');
    expect(asked?.payload).toMatchObject({ flowName: 'Edited', command: 'file.new', payload: { confirmed: true } });
    state().closeDialog();

    await runCommand('file.openSample', 'nightly-sync');
    expect(state().flow).toBe(edited);
    expect(state().ui.dialog?.payload).toMatchObject({ command: 'file.openSample', payload: { confirmed: true, id: 'nightly-sync' } });
    state().closeDialog();
    await runCommand('file.openSample', { confirmed: true, id: 'nightly-sync' });
    expect(state().flow).toEqual(await sampleById('nightly-sync')!.load());
    await runCommand('edit.undo');
    expect(state().flow).toEqual(edited);
  });

  it('do not ask once the edits are exported, nor for a flow just opened', async () => {
    state().edit('Rename', (d) => void (d.name = 'Edited'));
    await runCommand('file.export');
    await runCommand('file.openSample', 'nightly-sync');
    expect(state().ui.dialog).toBeNull();
    await runCommand('file.new');
    expect(state().ui.dialog).toBeNull();
    expect(state().flow.modules.map((m) => m.type)).toEqual(['trigger']);
  });

  it('import opens the import dialog', async () => {
    await runCommand('file.import');
    expect(state().ui.dialog?.kind).toBe('import');
  });
});

describe('view commands', () => {
  it('call the canvas’s viewport controller, and are disabled without one', async () => {
    expect(await runCommand('view.fitView')).toBe(false);
    const calls: string[] = [];
    editor.viewport = {
      fitView: () => calls.push('fit'),
      zoomIn: () => calls.push('in'),
      zoomOut: () => calls.push('out'),
      centerOn: (id) => calls.push(`center ${id}`),
    };
    await runCommand('view.fitView');
    await runCommand('view.zoomIn');
    await runCommand('view.zoomOut');
    expect(calls).toEqual(['fit', 'in', 'out']);
  });

  it('toggles snap and heatmap without touching the history', async () => {
    const snap = state().ui.snapToGrid;
    await runCommand('view.toggleSnap');
    await runCommand('view.toggleHeatmap');
    expect(state().ui.snapToGrid).toBe(!snap);
    expect(state().ui.heatmap).toBe(true);
    expect(state().past).toHaveLength(0);
  });

  it('auto-layout moves modules top-down in one undo step', async () => {
    const flow = threeModules();
    flow.modules.forEach((m, i) => (m.position = { x: 300 * i, y: 0 }));
    state().resetFlow(flow);
    await runCommand('view.autoLayout');
    const ys = state().flow.modules.map((m) => m.position.y);
    expect(ys[0]).toBeLessThan(ys[1]!);
    expect(ys[1]).toBeLessThan(ys[2]!);
    expect(state().past.map((s) => s.label)).toEqual(['Auto-layout']);
  });

  it('search and shortcuts open their dialogs', async () => {
    await runCommand('view.search');
    expect(state().ui.dialog?.kind).toBe('search');
    await runCommand('help.shortcuts');
    expect(state().ui.dialog?.kind).toBe('shortcuts');
  });
});

describe('installKeyboardShortcuts', () => {
  it('runs the command of a key press, prevents the browser default, and stops when uninstalled', async () => {
    const target = new EventTarget();
    const uninstall = editor.commands.installKeyboardShortcuts(target as unknown as Window);
    state().setSelection({ modules: ['m3'] });
    const press = ({ target: from, ...init }: Record<string, unknown>) => {
      const event = Object.assign(new Event('keydown', { cancelable: true }), { ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, isComposing: false }, init);
      // The element the key was typed in (Event.target is read-only, so shadow it).
      if (from) Object.defineProperty(event, 'target', { value: from });
      target.dispatchEvent(event);
      return event;
    };
    const del = press({ key: 'Delete', target: { tagName: 'DIV' } });
    expect(del.defaultPrevented).toBe(true);
    expect(state().flow.modules).toHaveLength(2);
    // Typing Backspace in a field is the field's business.
    press({ key: 'Backspace', target: { tagName: 'INPUT' } });
    expect(state().flow.modules).toHaveLength(2);
    press({ key: 'z', ctrlKey: true });
    expect(state().flow.modules).toHaveLength(3);
    uninstall();
    press({ key: 'y', ctrlKey: true });
    expect(state().canRedo).toBe(true);
  });

  it('copies and pastes through the clipboard events', async () => {
    await editor.commands.preload();
    const target = Object.assign(new EventTarget(), { getSelection: () => null });
    const uninstall = editor.commands.installKeyboardShortcuts(target as unknown as Window);
    state().setSelection({ modules: ['m2', 'm3'] });
    const data = new Map<string, string>();
    const clipboardData = { getData: (t: string) => data.get(t) ?? '', setData: (t: string, v: string) => void data.set(t, v) };
    const copy = Object.assign(new Event('copy', { cancelable: true }), { clipboardData });
    target.dispatchEvent(copy);
    expect(copy.defaultPrevented).toBe(true);
    expect(data.get('text/plain')).toContain('creditflow/modules');
    const paste = Object.assign(new Event('paste', { cancelable: true }), { clipboardData });
    target.dispatchEvent(paste);
    expect(state().flow.modules).toHaveLength(5);
    uninstall();
  });

  it("copies, cuts and pastes from the first moment: before the commands' code has loaded, once it has", async () => {
    withClipboard(fakeClipboard());
    const clipboard = editor.clipboard as ReturnType<typeof fakeClipboard>;
    const target = Object.assign(new EventTarget(), { getSelection: () => null });
    const uninstall = editor.commands.installKeyboardShortcuts(target as unknown as Window);
    const event = (type: string, text = '') =>
      Object.assign(new Event(type, { cancelable: true }), { clipboardData: { getData: () => text, setData: () => undefined } });
    state().setSelection({ modules: ['m3'] });
    target.dispatchEvent(event('cut'));
    // The system clipboard gets the modules through its API, and the cut removes them.
    await vi.waitFor(() => expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm2']), { timeout: 10_000 });
    expect(clipboard.text).toContain('creditflow/modules');
    target.dispatchEvent(event('paste', clipboard.text));
    await vi.waitFor(() => expect(state().flow.modules).toHaveLength(3), { timeout: 10_000 });
    expect(state().past.map((s) => s.label)).toEqual(['Cut', 'Paste']);
    uninstall();
  });

  it('runs a command whose code is not in the first download at its first run from a key', async () => {
    const target = Object.assign(new EventTarget(), { getSelection: () => null });
    const uninstall = editor.commands.installKeyboardShortcuts(target as unknown as Window);
    state().setSelection({ modules: ['m2'] });
    // Mod+D (duplicate) before anything has loaded: it waits for the code, then duplicates.
    const key = Object.assign(new Event('keydown', { cancelable: true }), { key: 'd', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false, isComposing: false });
    target.dispatchEvent(key);
    expect(key.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(state().flow.modules).toHaveLength(4), { timeout: 10_000 });
    expect(state().past.map((s) => s.label)).toEqual(['Duplicate']);
    uninstall();
  });

  it('a cut or a duplicate waiting for its code acts on what was selected when it was given, not on a later selection', async () => {
    state().setSelection({ modules: ['m3'] });
    const cut = runCommand('edit.cut');
    // A click elsewhere while the code is still on its way.
    state().setSelection({ modules: ['m2'] });
    await cut;
    expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(state().selection.modules).toEqual(['m2']);
    // A new editor, whose code has not loaded either.
    withClipboard(null);
    state().setSelection({ modules: ['m2'] });
    const duplicate = runCommand('edit.duplicate');
    state().setSelection({ modules: ['m1'] });
    await duplicate;
    expect(state().flow.modules.map((m) => m.type)).toEqual(['trigger', 'action', 'action', 'action']);
  });

  it("says so when the commands' code does not download, and tries again at the next run", async () => {
    vi.doMock('./loadedLater', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    try {
      state().setSelection({ modules: ['m2'] });
      await runCommand('edit.duplicate');
      expect(state().flow.modules).toHaveLength(3);
      expect(state().ui.toast).toMatchObject({ kind: 'error', message: expect.stringMatching(/did not download/) });
    } finally {
      vi.doUnmock('./loadedLater');
    }
    await runCommand('edit.duplicate');
    expect(state().flow.modules).toHaveLength(4);
  });
});

describe("edits waiting for the commands' code: in the order given", () => {
  // Each test's editor is new, so its later code (loadedLater.ts) has not loaded: a plan edit,
  // a paste or a duplicate waits for it, as in the first moments after the first paint.
  const planPrice = () => platformTableOf(state().flow).n8n.plans[1]!.monthlyPrice;
  const setPlan = () => runCommand('platforms.setPlan', { platform: 'n8n', index: 1, monthlyPrice: 80 });
  const press = (target: EventTarget, init: Record<string, unknown>) => {
    const event = Object.assign(new Event('keydown', { cancelable: true }), { ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, isComposing: false }, init);
    target.dispatchEvent(event);
    return event;
  };

  it('an undo given at once after a plan edit undoes the plan edit, not the step before it; redo brings it back', async () => {
    state().edit('Rename', (d) => void (d.name = 'Renamed'));
    const before = planPrice();
    const plan = setPlan();
    const undo = runCommand('edit.undo');
    await Promise.all([plan, undo]);
    expect(state().flow.name).toBe('Renamed');
    expect(planPrice()).toBe(before);
    expect(state().past.map((s) => s.label)).toEqual(['Rename']);
    expect(state().future.map((s) => s.label)).toEqual(['Change a n8n plan']);
    await runCommand('edit.redo');
    expect(planPrice()).toBe(80);
  });

  it.each([
    ['its code already here', true],
    ['its code still on its way', false],
  ])('a paste waiting on the clipboard (a permission prompt never answered), %s, is cancelled by an undo given after it: the step before stays, the next undo takes it', async (_, preloaded) => {
    withClipboard({ readText: () => new Promise<string>(() => undefined), writeText: async () => undefined });
    if (preloaded) await editor.commands.preload();
    const name = state().flow.name;
    state().edit('Rename', (d) => void (d.name = 'Renamed'));
    const paste = runCommand('edit.paste');
    let undone = false;
    void Promise.resolve(runCommand('edit.undo')).then(() => (undone = true));
    await vi.waitFor(() => expect(undone).toBe(true), { timeout: 10_000 });
    expect(state().flow.name).toBe('Renamed');
    expect(state().flow.modules).toHaveLength(3);
    expect(state().ui.toast?.message).toMatch(/Paste cancelled/);
    await paste;
    expect(editor.commands.queue.getState().pending).toBe(false);
    await runCommand('edit.undo');
    expect(state().flow.name).toBe(name);
  });

  it('a redo given after an undo that waits behind a plan edit follows it: the plan edit stays', async () => {
    const [, undone, redone] = await Promise.all([setPlan(), runCommand('edit.undo'), runCommand('edit.redo')]);
    expect([undone, redone]).toEqual([true, true]);
    expect(planPrice()).toBe(80);
    expect(state().past.map((s) => s.label)).toEqual(['Change a n8n plan']);
  });

  it('Mod+Z pressed while the first edit is waiting is taken at once (the browser default prevented) and undoes that edit', async () => {
    const target = new EventTarget();
    const uninstall = editor.commands.installKeyboardShortcuts(target as unknown as Window);
    const before = planPrice();
    void setPlan();
    // Nothing is undoable yet, but the plan edit is on its way: the key is this editor's.
    const key = press(target, { key: 'z', ctrlKey: true });
    expect(key.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(state().canRedo).toBe(true), { timeout: 10_000 });
    expect(planPrice()).toBe(before);
    expect(state().past).toEqual([]);
    uninstall();
  });

  it('a duplicate, a cut and a paste waiting for their code are undone by an undo given after them, in turn', async () => {
    state().setSelection({ modules: ['m2'] });
    const duplicate = runCommand('edit.duplicate');
    const undo = runCommand('edit.undo');
    await Promise.all([duplicate, undo]);
    expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(state().future.map((s) => s.label)).toEqual(['Duplicate']);

    withClipboard(fakeClipboard());
    const target = Object.assign(new EventTarget(), { getSelection: () => null });
    const uninstall = editor.commands.installKeyboardShortcuts(target as unknown as Window);
    const clipboardEvent = (type: string, text = '') =>
      Object.assign(new Event(type, { cancelable: true }), { clipboardData: { getData: () => text, setData: () => undefined } });
    state().setSelection({ modules: ['m3'] });
    target.dispatchEvent(clipboardEvent('cut'));
    expect(press(target, { key: 'z', ctrlKey: true }).defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(state().future.map((s) => s.label)).toEqual(['Cut']), { timeout: 10_000 });
    expect(state().flow.modules).toHaveLength(3);
    // And a paste given before the code is here (a new editor), undone at once.
    const text = (editor.clipboard as ReturnType<typeof fakeClipboard>).text;
    uninstall();
    withClipboard(fakeClipboard());
    const target2 = Object.assign(new EventTarget(), { getSelection: () => null });
    const uninstall2 = editor.commands.installKeyboardShortcuts(target2 as unknown as Window);
    state().edit('Rename', (d) => void (d.name = 'Renamed'));
    target2.dispatchEvent(clipboardEvent('paste', text));
    press(target2, { key: 'z', ctrlKey: true });
    await vi.waitFor(() => expect(state().future.map((s) => s.label)).toEqual(['Paste']), { timeout: 10_000 });
    expect(state().flow.modules).toHaveLength(3);
    expect(state().flow.name).toBe('Renamed');
    uninstall2();
  });

  it('a plan edit that arrives during a drag is its own undo step, after the drag\'s, never part of it', async () => {
    const plan = setPlan();
    state().beginGesture('Move');
    state().edit('Move', (d) => moveModules(d, [{ id: 'm1', position: { x: 999, y: 999 } }]));
    // The code arrives while the pointer is still down: the edit waits for the drag's end.
    await editor.commands.preload();
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    expect(planPrice()).not.toBe(80);
    state().endGesture();
    await plan;
    expect(planPrice()).toBe(80);
    expect(state().past.map((s) => s.label)).toEqual(['Move', 'Change a n8n plan']);
    await runCommand('edit.undo');
    expect(planPrice()).not.toBe(80);
    expect(state().flow.modules[0]!.position.x).toBe(999);
    await runCommand('edit.undo');
    expect(state().flow.modules[0]!.position.x).toBe(0);
  });

  it('an undo given during a drag while a plan edit waits ends the drag, then undoes the plan edit (no wait for the pointer)', async () => {
    const plan = setPlan();
    state().beginGesture('Move');
    state().edit('Move', (d) => moveModules(d, [{ id: 'm1', position: { x: 999, y: 999 } }]));
    await Promise.all([plan, runCommand('edit.undo')]);
    expect(state().gesture).toBeNull();
    expect(state().past.map((s) => s.label)).toEqual(['Move']);
    expect(state().future.map((s) => s.label)).toEqual(['Change a n8n plan']);
    expect(state().flow.modules[0]!.position.x).toBe(999);
  });

  it('a module added before its code is here lands in order after a plan edit given first; an undo given at once takes back the add, a second the plan edit', async () => {
    const before = planPrice();
    const plan = setPlan();
    state().setSelection({ modules: ['m3'] });
    const add = runCommand('module.add', { type: 'response' });
    // Nothing has landed yet: both wait for the code.
    expect(state().flow.modules).toHaveLength(3);
    const undo = runCommand('edit.undo');
    await Promise.all([plan, add, undo]);
    expect(state().flow.modules).toHaveLength(3);
    expect(planPrice()).toBe(80);
    expect(state().past.map((s) => s.label)).toEqual(['Change a n8n plan']);
    expect(state().future.map((s) => s.label)).toEqual(['Add response']);
    await runCommand('edit.undo');
    expect(planPrice()).toBe(before);
    await runCommand('edit.redo');
    await runCommand('edit.redo');
    expect(state().flow.modules.at(-1)).toMatchObject({ id: 'm4', type: 'response' });
    expect(state().flow.edges.at(-1)).toMatchObject({ source: 'm3', target: 'm4' });
  });

  it('a module added before its code is here goes below the module selected when it was given, or at the centre of the view then', async () => {
    state().setSelection({ modules: ['m3'] });
    const below = runCommand('module.add', { type: 'response' });
    state().setSelection({ modules: ['m1'] });
    await below;
    expect(state().flow.edges.at(-1)).toMatchObject({ source: 'm3', target: 'm4' });
    expect(state().selection.modules).toEqual(['m4']);
    // A new editor (its code not loaded): nothing selected, the view's centre as the add is given.
    editor = testEditor({ flow: threeModules() });
    editor.centreOfView = () => ({ x: 500, y: 500 });
    const centred = runCommand('module.add', { type: 'action' });
    editor.centreOfView = () => ({ x: -900, y: -900 });
    await centred;
    expect(state().flow.modules.at(-1)?.position).toEqual({ x: 500, y: 500 });
  });

  it('a module added during a drag while its code is on its way is its own undo step, after the drag\'s', async () => {
    const add = runCommand('module.add', { type: 'action', position: { x: 40, y: 40 } });
    state().beginGesture('Move');
    state().edit('Move', (d) => moveModules(d, [{ id: 'm1', position: { x: 999, y: 999 } }]));
    await editor.commands.preload();
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    expect(state().flow.modules).toHaveLength(3);
    state().endGesture();
    await add;
    expect(state().past.map((s) => s.label)).toEqual(['Move', 'Add action']);
    expect(state().flow.modules.at(-1)?.position).toEqual({ x: 40, y: 40 });
  });

  it('an undo after an edit whose code did not download undoes the step before it, with the toast', async () => {
    vi.doMock('./loadedLater', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    try {
      state().edit('Rename', (d) => void (d.name = 'Renamed'));
      await Promise.all([setPlan(), runCommand('edit.undo')]);
      expect(state().ui.toast).toMatchObject({ kind: 'error', message: expect.stringMatching(/did not download/) });
      expect(state().flow.name).toBe('Three');
      expect(state().future.map((s) => s.label)).toEqual(['Rename']);
    } finally {
      vi.doUnmock('./loadedLater');
    }
  });
});

describe('the edits queue: each edit for the flow it was given on, every path in the order given (review 3)', () => {
  const planPrice = () => platformTableOf(state().flow).n8n.plans[1]!.monthlyPrice;
  const setPlan = () => runCommand('platforms.setPlan', { platform: 'n8n', index: 1, monthlyPrice: 80 });
  /** A clipboard whose reads wait until `answer` (a permission prompt answered later). */
  function slowClipboard() {
    const answers: ((text: string) => void)[] = [];
    const clip = {
      text: '',
      writeText: async (t: string) => void (clip.text = t),
      readText: () => new Promise<string>((resolve) => answers.push(resolve)),
      answer: () => answers.shift()?.(clip.text),
      waiting: () => answers.length,
    };
    return clip;
  }
  const clipboardEvent = (type: string, text = '') =>
    Object.assign(new Event(type, { cancelable: true }), { clipboardData: { getData: () => text, setData: () => undefined } });

  it('a plan edit given on one flow, behind an import of another given before it, is not applied to the other: a toast says so', async () => {
    const other = emptyFlow('Other');
    const imported = runCommand('file.importText', { text: serializeFlow(other), fileName: 'other.json' });
    // Given while "Three" is still shown (the import waits for the commands' code).
    const plan = setPlan();
    await Promise.all([imported, plan]);
    expect(state().flow.name).toBe('Other');
    expect(planPrice()).not.toBe(80);
    expect(state().past.map((s) => s.label)).toEqual(['Import other.json']);
    expect(state().ui.toast).toMatchObject({ kind: 'warning', message: expect.stringMatching(/“Three”.*not applied/) });
  });

  it('a flow opened from outside the queue (the library, a restore) while an edit waits: the edit is not applied to it', async () => {
    state().setSelection({ modules: ['m2'] });
    const duplicate = runCommand('edit.duplicate');
    const plan = setPlan();
    state().resetFlow(emptyFlow('Opened'));
    await Promise.all([duplicate, plan]);
    expect(state().flow.modules).toHaveLength(0);
    expect(planPrice()).not.toBe(80);
    expect(state().past).toEqual([]);
    expect(state().ui.toast).toMatchObject({ kind: 'warning', message: expect.stringMatching(/“Three”.*not applied/) });
  });

  it('a paste waiting on the clipboard when another flow opens is not pasted into it', async () => {
    const clipboard = slowClipboard();
    withClipboard(clipboard);
    await editor.commands.preload();
    state().setSelection({ modules: ['m2'] });
    await runCommand('edit.copy');
    const paste = runCommand('edit.paste');
    state().resetFlow(emptyFlow('Opened'));
    clipboard.answer();
    await paste;
    expect(state().flow.modules).toHaveLength(0);
    expect(state().ui.toast).toMatchObject({ kind: 'warning', message: expect.stringMatching(/not applied/) });
  });

  it('loads queued one behind the other still apply (a sample, then an import): each replaces the flow shown', async () => {
    const sample = runCommand('file.openSample');
    const imported = runCommand('file.importText', { text: serializeFlow(emptyFlow('Other')), fileName: 'other.json' });
    await Promise.all([sample, imported]);
    expect(state().flow.name).toBe('Other');
    expect(state().ui.toast?.kind).not.toBe('warning');
  });

  it('a history jump to an undone step given while an edit waits: the edit lands, and a toast says why the step can no longer be redone', async () => {
    state().edit('Rename', (d) => void (d.name = 'Renamed'));
    state().edit('Settings', (d) => void (d.settings.runsPerMonth = 5));
    state().undo();
    const plan = setPlan();
    const jump = runCommand('edit.goToStep', 2);
    await Promise.all([plan, jump]);
    expect(planPrice()).toBe(80);
    expect(state().past.map((s) => s.label)).toEqual(['Rename', 'Change a n8n plan']);
    expect(state().ui.toast).toMatchObject({ message: expect.stringMatching(/“Settings”.*“Change a n8n plan”/) });
  });

  it('a history jump to a done step given while an edit waits lands right after that step, whatever the edit did to the history', async () => {
    state().edit('Rename', (d) => void (d.name = 'Renamed'));
    state().edit('Settings', (d) => void (d.settings.runsPerMonth = 5));
    const plan = setPlan();
    const jump = runCommand('edit.goToStep', 1);
    await Promise.all([plan, jump]);
    expect(state().past.map((s) => s.label)).toEqual(['Rename']);
    expect(state().flow.name).toBe('Renamed');
    expect(state().future.map((s) => s.label)).toEqual(['Change a n8n plan', 'Settings']);
  });

  it('a history jump whose step is gone when it lands (another flow opened meanwhile) says so and changes nothing', async () => {
    state().edit('Rename', (d) => void (d.name = 'Renamed'));
    state().edit('Settings', (d) => void (d.settings.runsPerMonth = 5));
    const plan = setPlan();
    const jump = runCommand('edit.goToStep', 1);
    state().resetFlow(emptyFlow('Opened'));
    await Promise.all([plan, jump]);
    expect(state().flow.name).toBe('Opened');
    expect(state().past).toEqual([]);
    expect(state().ui.toast).toMatchObject({ message: expect.stringMatching(/“Rename” is no longer in the undo history/) });
  });

  it.each([
    ['a keyboard cut (the cut event)', 'key'],
    ['the toolbar’s Cut', 'toolbar'],
  ])('with the code here, %s given while a paste waits on the clipboard lands after the paste; an undo then undoes the cut', async (_, path) => {
    const clipboard = slowClipboard();
    withClipboard(clipboard);
    await editor.commands.preload();
    const target = Object.assign(new EventTarget(), { getSelection: () => null });
    const uninstall = editor.commands.installKeyboardShortcuts(target as unknown as Window);
    state().setSelection({ modules: ['m1'] });
    await runCommand('edit.copy');
    const paste = runCommand('edit.paste');
    state().setSelection({ modules: ['m3'] });
    if (path === 'key') target.dispatchEvent(clipboardEvent('cut'));
    else void runCommand('edit.cut');
    const undo = runCommand('edit.undo');
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    expect(state().past).toEqual([]);
    clipboard.answer();
    await Promise.all([paste, undo]);
    await vi.waitFor(() => expect(state().future.map((s) => s.label)).toEqual(['Cut']));
    expect(state().past.map((s) => s.label)).toEqual(['Paste']);
    expect(state().flow.modules).toHaveLength(4);
    uninstall();
  });
});

describe('module.add', () => {
  it('adds below the selected module, connected when allowed, in one step, and selects it', async () => {
    state().setSelection({ modules: ['m3'] });
    expect(await runCommand('module.add', { type: 'response' })).toBe(true);
    expect(state().flow.modules.at(-1)).toMatchObject({ id: 'm4', position: { x: 0, y: 350 } });
    expect(state().flow.edges.at(-1)).toMatchObject({ source: 'm3', target: 'm4' });
    expect(state().selection.modules).toEqual(['m4']);
    // m3 already leads somewhere now: the next one is added beside, not connected, and the user is told.
    state().setSelection({ modules: ['m3'] });
    await runCommand('module.add', { type: 'action' });
    expect(state().flow.edges.filter((e) => e.source === 'm3')).toHaveLength(1);
    expect(state().ui.toast?.message).toMatch(/^Added, but not connected/);
    expect(state().past.map((s) => s.label)).toEqual(['Add response', 'Add action']);
  });

  it('with nothing selected, adds at the centre of the view the canvas reports', async () => {
    editor.centreOfView = () => ({ x: 1000.4, y: 2000.6 });
    await runCommand('module.add', { type: 'action' });
    expect(state().flow.modules.at(-1)?.position).toEqual({ x: 1000, y: 2001 });
    expect(state().flow.edges).toHaveLength(2);
  });

  it('at a point, connects after sourceId or before targetId (the palette dialog of a dropped edge)', async () => {
    await runCommand('module.add', { type: 'action', position: { x: 10.2, y: 20.7 }, sourceId: 'm3' });
    expect(state().flow.modules.at(-1)).toMatchObject({ id: 'm4', position: { x: 10, y: 21 } });
    expect(state().flow.edges.at(-1)).toMatchObject({ source: 'm3', target: 'm4' });
    await runCommand('module.add', { type: 'action', position: { x: 400, y: 0 } });
    await runCommand('module.add', { type: 'action', position: { x: 400, y: -200 }, targetId: 'm5' });
    expect(state().flow.edges.at(-1)).toMatchObject({ source: 'm6', target: 'm5' });
    // Nothing leads into a trigger: the module is added, not connected, and the user is told why.
    await runCommand('module.add', { type: 'action', position: { x: 0, y: -200 }, targetId: 'm1' });
    expect(state().flow.modules).toHaveLength(7);
    expect(state().flow.edges.filter((e) => e.target === 'm1')).toHaveLength(0);
    expect(state().ui.toast?.message).toMatch(/^Added, but not connected/);
  });

  it('ignores a payload without a known kind', async () => {
    await runCommand('module.add', { type: 'octopus-ish' });
    await runCommand('module.add');
    expect(state().flow.modules).toHaveLength(3);
    expect(state().past).toHaveLength(0);
  });
});

describe('the canvas and panel commands', () => {
  it('module.move moves as one step (one per drag inside a gesture); edge.connect selects the edge or says why not', async () => {
    state().beginGesture('Move modules');
    await runCommand('module.move', { moves: [{ id: 'm2', position: { x: 50, y: 100 } }] });
    await runCommand('module.move', { moves: [{ id: 'm2', position: { x: 80, y: 120 } }] });
    state().endGesture();
    expect(state().flow.modules[1]?.position).toEqual({ x: 80, y: 120 });
    expect(state().past.map((s) => s.label)).toEqual(['Move modules']);
    await runCommand('edge.connect', { source: 'm1', target: 'm3' });
    expect(state().ui.toast?.kind).toBe('warning');
    expect(state().flow.edges).toHaveLength(2);
    state().setSelection({ edges: ['e2'] });
    await runCommand('edit.delete');
    await runCommand('edge.connect', { source: 'm2', target: 'm3' });
    expect(state().flow.edges.at(-1)).toMatchObject({ source: 'm2', target: 'm3' });
    expect(state().selection).toEqual({ modules: [], edges: [state().flow.edges.at(-1)!.id] });
  });

  it('select.reveal selects a module or an edge and centres the canvas on it', async () => {
    const centred: string[] = [];
    editor.viewport = { fitView: () => {}, zoomIn: () => {}, zoomOut: () => {}, centerOn: (id) => centred.push(id) };
    await runCommand('select.reveal', { moduleId: 'm2' });
    expect(state().selection).toEqual({ modules: ['m2'], edges: [] });
    await runCommand('select.reveal', { edgeId: 'e2' });
    expect(state().selection).toEqual({ modules: [], edges: ['e2'] });
    expect(centred).toEqual(['m2', 'm3']);
  });

  it('file.importText imports a flow file as one step; a refused file changes nothing and opens its errors', async () => {
    const other = emptyFlow('Other');
    await runCommand('file.importText', { text: serializeFlow(other), fileName: 'other.json' });
    expect(state().flow.name).toBe('Other');
    expect(state().past.map((s) => s.label)).toEqual(['Import other.json']);
    await runCommand('file.importText', { text: '{ "format": "creditflow", "version": 1 ', fileName: 'broken.json' });
    expect(state().flow.name).toBe('Other');
    expect(state().ui.dialog).toMatchObject({ kind: 'importErrors', payload: { fileName: 'broken.json' } });
  });
});

describe('importing Altan, n8n and Make flows through file.importText', () => {
  const fixtureText = (name: string) => readFileSync(join(import.meta.dirname, '../io/import/fixtures', name), 'utf8');

  it.each([
    ['altan-invoice-chaser.json', 'altan'],
    ['n8n-every-row.json', 'n8n'],
    ['make-every-row.json', 'make'],
  ])('%s replaces the flow in one undo step and opens its %s report, kept for File → Last import report…', async (file, format) => {
    const before = state().flow;
    await runCommand('file.importText', { text: fixtureText(file), fileName: file });
    expect(state().flow.modules.length).toBeGreaterThan(3);
    expect(state().past.map((s) => s.label)).toEqual([`Import ${file}`]);
    expect(state().ui.dialog?.kind).toBe('importReport');
    expect(state().lastImport).toMatchObject({ fileName: file, report: { format } });
    const ids = new Set(state().flow.modules.map((m) => m.id));
    for (const m of state().lastImport!.report.modules) expect(ids.has(m.id)).toBe(true);
    await runCommand('select.none');
    expect(editor.commands.isEnabled(editor.commands.get('file.lastImportReport')!)).toBe(true);
    state().undo();
    expect(state().flow).toBe(before);
  });

  it('lays out a flow whose modules have no positions before it is shown, in the same undo step', async () => {
    const text = fixtureText('n8n-one-branch-if.json');
    const unplaced = importText(text);
    if (!unplaced.ok) throw new Error('fixture does not import');
    expect(unplaced.report?.needsLayout).toBe(true);
    await runCommand('file.importText', { text, fileName: 'if.json' });
    const { flow } = state();
    expect(state().past).toHaveLength(1);
    expect(state().lastImport?.laidOut).toBe(true);
    const spots = new Set(flow.modules.map((m) => `${m.position.x},${m.position.y}`));
    expect(spots.size).toBe(flow.modules.length);
    // The layout is elk's layered one, not the importer's stand-in column at x = 0.
    expect(new Set(flow.modules.map((m) => m.position.x)).size).toBeGreaterThan(1);
  });

  it('lays out a hand-written Creditflow file that gives no positions (one pile at 0,0), in the same undo step, and says so', async () => {
    const text = JSON.stringify({
      format: 'creditflow',
      version: 3,
      name: 'By hand',
      modules: [
        { id: 't', type: 'trigger', name: 'Start' },
        { id: 'a', type: 'action', name: 'Call' },
        { id: 'r', type: 'response', name: 'Reply' },
      ],
      edges: [
        { id: 'e1', source: 't', target: 'a' },
        { id: 'e2', source: 'a', target: 'r' },
      ],
    });
    await runCommand('file.importText', { text, fileName: 'hand.json' });
    const { flow } = state();
    expect(flow.name).toBe('By hand');
    expect(state().past).toHaveLength(1);
    expect(new Set(flow.modules.map((m) => `${m.position.x},${m.position.y}`)).size).toBe(3);
    expect(state().ui.dialog?.kind).toBe('importErrors');
    expect(JSON.stringify(state().ui.dialog?.payload)).toContain('3 modules sat on the same spot as another');
    // A file that places its modules keeps their places.
    const placed = serializeFlow(threeModules());
    await runCommand('file.importText', { text: placed, fileName: 'placed.json' });
    expect(state().flow.modules.map((m) => m.position)).toEqual(threeModules().modules.map((m) => m.position));
  });

  it('a Creditflow file with two of its modules on one spot keeps its places and says so, without blaming the layout engine', async () => {
    const at = (x: number, y: number) => ({ x, y });
    const text = JSON.stringify({
      format: 'creditflow',
      version: 3,
      name: 'Two on one spot',
      modules: [
        { id: 't', type: 'trigger', name: 'Start', position: at(0, 0) },
        { id: 'a', type: 'action', name: 'Call', position: at(0, 150) },
        { id: 'b', type: 'action', name: 'Again', position: at(0, 300) },
        { id: 'c', type: 'action', name: 'Hidden', position: at(0, 300) },
        { id: 'r', type: 'response', name: 'Reply', position: at(0, 450) },
      ],
      edges: [
        { id: 'e1', source: 't', target: 'a' },
        { id: 'e2', source: 'a', target: 'b' },
        { id: 'e3', source: 'b', target: 'c' },
        { id: 'e4', source: 'c', target: 'r' },
      ],
    });
    await runCommand('file.importText', { text, fileName: 'two.json' });
    expect(state().flow.modules.find((m) => m.id === 'c')?.position).toEqual(at(0, 300));
    expect(state().ui.dialog?.kind).toBe('importErrors');
    const said = JSON.stringify(state().ui.dialog?.payload);
    expect(said).toContain('2 modules sit on the same spot as another');
    expect(said).not.toContain('failed to load');
  });

  it('a Creditflow import forgets the last report; a refused file keeps the flow and the report', async () => {
    await runCommand('file.importText', { text: fixtureText('make-every-row.json'), fileName: 'make.json' });
    const imported = state().flow;
    await runCommand('file.importText', { text: '{ "nodes": 3 }', fileName: 'broken.json' });
    expect(state().flow).toBe(imported);
    expect(state().ui.dialog?.kind).toBe('importErrors');
    expect(state().lastImport?.fileName).toBe('make.json');
    await runCommand('file.importText', { text: serializeFlow(emptyFlow('Mine')), fileName: 'mine.json' });
    expect(state().lastImport).toBeNull();
    expect(editor.commands.isEnabled(editor.commands.get('file.lastImportReport')!)).toBe(false);
  });

  it('a whole n8n workflow pasted on the canvas opens the import dialog with its text', async () => {
    const text = fixtureText('n8n-every-row.json');
    await editor.commands.get('edit.paste')!.run({ clipboardText: text });
    expect(state().ui.dialog).toEqual({ kind: 'import', payload: { text } });
  });
});

describe('two editors', () => {
  it('share nothing: the document, the clipboard memory and the slots are each their own', async () => {
    const other = testEditor({ flow: threeModules() });
    state().setSelection({ modules: ['m2'] });
    await runCommand('edit.copy');
    await other.commands.run('edit.paste');
    expect(other.store.getState().ui.toast?.message).toMatch(/Nothing to paste/);
    await runCommand('edit.delete');
    expect(other.store.getState().flow.modules).toHaveLength(3);
    editor.viewport = { fitView: () => {}, zoomIn: () => {}, zoomOut: () => {}, centerOn: () => {} };
    expect(await other.commands.run('view.fitView')).toBe(false);
  });
});

describe('paste here and Escape in a field', () => {
  it('pastes with the group’s top-left module at the given point', async () => {
    withClipboard(null);
    state().setSelection({ modules: ['m2', 'm3'] });
    await runCommand('edit.copy');
    await runCommand('edit.paste', { x: 500, y: 700 });
    expect(state().flow.modules.slice(3).map((m) => m.position)).toEqual([
      { x: 500, y: 700 },
      { x: 500, y: 800 },
    ]);
  });

  it('Escape in a field leaves the field and keeps the selection; with a dialog open it closes the dialog', () => {
    const target = new EventTarget();
    const uninstall = editor.commands.installKeyboardShortcuts(target as unknown as Window);
    state().setSelection({ modules: ['m2'] });
    let blurred = 0;
    const input = { tagName: 'INPUT', blur: () => blurred++ };
    const escape = () => {
      const event = new Event('keydown', { cancelable: true });
      Object.assign(event, { key: 'Escape', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, isComposing: false });
      Object.defineProperty(event, 'target', { value: input });
      target.dispatchEvent(event);
    };
    escape();
    expect(blurred).toBe(1);
    expect(state().selection.modules).toEqual(['m2']);
    state().openDialog('search');
    escape();
    expect(state().ui.dialog).toBeNull();
    expect(state().selection.modules).toEqual(['m2']);
    uninstall();
  });
});

describe('the edits queue: a way out of every wait, nothing lost without a word (review A)', () => {
  const planPrice = () => platformTableOf(state().flow).n8n.plans[1]!.monthlyPrice;
  const setPlan = () => runCommand('platforms.setPlan', { platform: 'n8n', index: 1, monthlyPrice: 80 });
  /** A system clipboard whose reads never answer (a permission prompt left open). */
  const silentClipboard = (): ClipboardAdapter => ({ readText: () => new Promise<string>(() => undefined), writeText: async () => undefined });
  afterEach(() => void vi.useRealTimers());
  /** Whether `promise` settles within a few turns of the event loop (a wait that never ends fails the test, not its timeout). */
  async function settles(promise: Promise<unknown>, turns = 50): Promise<boolean> {
    let done = false;
    void promise.then(
      () => (done = true),
      () => (done = true),
    );
    for (let i = 0; i < turns && !done; i++) await new Promise((r) => setTimeout(r, 0));
    return done;
  }

  it('a paste whose clipboard never answers, then a plan change and an add: after a bounded wait the paste takes this editor’s copy, and the others land after it in order', async () => {
    withClipboard(silentClipboard());
    await editor.commands.preload();
    state().setSelection({ modules: ['m3'] });
    await runCommand('edit.copy');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const given = Promise.all([runCommand('edit.paste'), setPlan(), runCommand('module.add', { type: 'action', position: { x: 5, y: 5 } })]);
    await vi.advanceTimersByTimeAsync(10_000);
    vi.useRealTimers();
    expect(await settles(given)).toBe(true);
    expect(state().past.map((s) => s.label)).toEqual(['Paste', 'Change a n8n plan', 'Add action']);
    expect(state().ui.toast).toMatchObject({ message: expect.stringMatching(/clipboard did not answer/) });
    expect(editor.commands.queue.getState().pending).toBe(false);
    await runCommand('edit.undo');
    expect(state().future.map((s) => s.label)).toEqual(['Add action']);
  });

  it('with nothing copied in this editor, that paste is cancelled with a toast, and the plan change lands', async () => {
    withClipboard(silentClipboard());
    await editor.commands.preload();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const given = Promise.all([runCommand('edit.paste'), setPlan()]);
    await vi.advanceTimersByTimeAsync(10_000);
    vi.useRealTimers();
    expect(await settles(given)).toBe(true);
    expect(state().flow.modules).toHaveLength(3);
    expect(planPrice()).toBe(80);
    expect(state().past.map((s) => s.label)).toEqual(['Change a n8n plan']);
    // The plan's landing said nothing, so the paste's toast is still shown.
    expect(state().ui.toast).toMatchObject({ message: 'Paste cancelled: the clipboard did not answer.' });
  });

  it('an undo after a paste waiting on the clipboard and an edit that takes no turn (a field) cancels the paste and undoes that edit too', async () => {
    withClipboard(silentClipboard());
    await editor.commands.preload();
    const name = state().flow.name;
    const paste = runCommand('edit.paste');
    // The inspector's rename goes straight to the store: no turn in the queue.
    state().edit('Rename', (d) => void (d.name = 'Renamed'));
    const undo = runCommand('edit.undo');
    expect(await settles(Promise.all([paste, undo]))).toBe(true);
    expect(state().flow.name).toBe(name);
    expect(state().flow.modules).toHaveLength(3);
    expect(state().future.map((s) => s.label)).toEqual(['Rename']);
    expect(state().ui.toast?.message).toMatch(/Paste cancelled/);
  });

  it('Escape cancels a paste waiting on the clipboard (the selection kept); an edit given after it lands at once', async () => {
    withClipboard(silentClipboard());
    await editor.commands.preload();
    state().setSelection({ modules: ['m2'] });
    const paste = runCommand('edit.paste');
    expect(editor.commands.queue.getState().pending).toBe(true);
    await runCommand('select.none');
    expect(await settles(paste)).toBe(true);
    expect(state().selection.modules).toEqual(['m2']);
    expect(state().ui.toast?.message).toMatch(/Paste cancelled/);
    expect(await settles(setPlan())).toBe(true);
    expect(planPrice()).toBe(80);
    expect(state().flow.modules).toHaveLength(3);
    expect(editor.commands.queue.getState().pending).toBe(false);
  });

  it('another flow opened while a paste waits on the clipboard releases the queue at once: nothing given on the old flow lands on it, and later edits and undo work', async () => {
    withClipboard(silentClipboard());
    await editor.commands.preload();
    state().edit('Rename', (d) => void (d.name = 'Renamed'));
    const paste = runCommand('edit.paste');
    const plan = setPlan();
    const add = runCommand('module.add', { type: 'action', position: { x: 5, y: 5 } });
    const undo = runCommand('edit.undo');
    state().resetFlow(emptyFlow('Other'));
    expect(await settles(Promise.all([paste, plan, add, undo]))).toBe(true);
    expect(state().flow.modules).toHaveLength(0);
    expect(planPrice()).not.toBe(80);
    expect(state().ui.toast).toMatchObject({ kind: 'warning', message: expect.stringMatching(/“Renamed”.*not applied/) });
    expect(editor.commands.queue.getState().pending).toBe(false);
    state().edit('Rename', (d) => void (d.name = 'R2'));
    expect(await settles(runCommand('edit.undo'))).toBe(true);
    expect(state().flow.name).toBe('Other');
  });

  it.each([
    ['Open sample', 'its code already here', true],
    ['Open sample', 'its code still on its way', false],
    ['an import', 'its code already here', true],
    ['an import', 'its code still on its way', false],
  ])('an undo given at once after %s (%s) undoes the load once it has landed, not the step before it; redo brings the load back', async (load, _, preloaded) => {
    if (preloaded) await editor.commands.preload();
    state().edit('Rename', (d) => void (d.name = 'Renamed'));
    state().markInFile();
    const loading =
      load === 'Open sample' ? runCommand('file.openSample') : runCommand('file.importText', { text: serializeFlow(emptyFlow('Other')), fileName: 'other.json' });
    await Promise.all([loading, runCommand('edit.undo')]);
    expect(state().flow.name).toBe('Renamed');
    expect(state().past.map((s) => s.label)).toEqual(['Rename']);
    expect(state().future).toHaveLength(1);
    await runCommand('edit.redo');
    expect(state().flow.name).toBe(load === 'Open sample' ? defaultSampleFlow().name : 'Other');
  });

  it('a Delete given while a Duplicate waits for its code lands after it, on what was selected when it was given', async () => {
    state().setSelection({ modules: ['m3'] });
    const duplicate = runCommand('edit.duplicate');
    const remove = runCommand('edit.delete');
    await Promise.all([duplicate, remove]);
    expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm2', 'm4']);
    expect(state().past.map((s) => s.label)).toEqual(['Duplicate', 'Delete']);
    await runCommand('edit.undo');
    expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it.each([['edit.duplicate'], ['edit.cut'], ['edit.copy']])('%s whose modules were all removed before its turn came says so', async (id) => {
    state().setSelection({ modules: ['m3'] });
    const given = runCommand(id);
    // Removed meanwhile by an edit that does not queue (another panel's).
    state().edit('Remove', (d) => removeElements(d, { modules: ['m3'] }));
    await given;
    expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(state().past.map((s) => s.label)).toEqual(['Remove']);
    expect(state().ui.toast).toMatchObject({ message: expect.stringMatching(/removed before/) });
  });

  it('a click on the current row of the undo history while an add waits stays there: the add lands and stays', async () => {
    state().edit('Rename', (d) => void (d.name = 'Renamed'));
    const add = runCommand('module.add', { type: 'trigger', position: { x: 0, y: 0 } });
    const jump = runCommand('edit.goToStep', state().past.length);
    await Promise.all([add, jump]);
    expect(state().flow.modules).toHaveLength(4);
    expect(state().past.map((s) => s.label)).toEqual(['Rename', 'Add trigger']);
    expect(state().future).toEqual([]);
  });
});

describe('a history jump given before the code that makes it has arrived', () => {
  /** An editor on flow "F" renamed three times (steps A, B, C). */
  function threeSteps() {
    const host = testEditor({ flow: emptyFlow('F') });
    const s = () => host.store.getState();
    for (const name of ['A', 'B', 'C']) s().edit(name, (d) => void (d.name = name));
    return { host, s };
  }

  it('lands before an undo given after it (the undo then undoes the step the jump went back to)', async () => {
    const { host, s } = threeSteps();
    const jump = host.commands.run('edit.goToStep', 1);
    const undo = host.commands.run('edit.undo');
    await Promise.all([jump, undo]);
    expect(s().past.map((step) => step.label)).toEqual([]);
    expect(s().future.map((step) => step.label)).toEqual(['A', 'B', 'C'].reverse());
    expect(s().flow.name).toBe('F');
  });

  it('lands before an undo given after it while an edit on its way waits too', async () => {
    const { host, s } = threeSteps();
    // A module added from the palette waits for its code too (the edit queue), then the jump, then the undo.
    const add = host.commands.run('module.add', { type: 'action' });
    const jump = host.commands.run('edit.goToStep', 1);
    const undo = host.commands.run('edit.undo');
    await Promise.all([add, jump, undo]);
    expect(s().past.map((step) => step.label)).toEqual([]);
    expect(s().flow.name).toBe('F');
  });
});
