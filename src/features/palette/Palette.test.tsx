// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { Palette } from './Palette';
import { formatBaseCredits, paletteGroups } from './catalogue';
import { MODULE_DRAG_TYPE } from '../../ui/dragTypes';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import type { ReactElement } from 'react';
import type { Flow } from '../../model/types';

/** Each test works on a fresh editor. */
let editor: TestEditor;
const state = () => editor.store.getState();
const render = (ui: ReactElement) => renderWithEditor(ui, editor);

function flowWith(modules: Flow['modules'], edges: Flow['edges'] = [], settings: Flow['settings'] = {}): Flow {
  return { format: 'creditflow', version: 1, name: 'Test', settings, modules, edges };
}

beforeEach(() => {
  editor = testEditor({ flow: flowWith([]) });
});
afterEach(cleanup);

describe('palette catalogue', () => {
  it('groups the 13 kinds as the issue lists them', () => {
    const groups = paletteGroups();
    expect(groups.map((g) => [g.label, g.kinds.map((k) => k.type)])).toEqual([
      ['Triggers', ['trigger']],
      ['Paid', ['action', 'invoke', 'ai_agent', 'code', 'search']],
      ['Flow control', ['router', 'iterator', 'aggregator', 'octopus']],
      ['Free', ['response', 'variables', 'altaner']],
    ]);
  });

  it('filters by every word, on label, type and description', () => {
    expect(paletteGroups('ai').flatMap((g) => g.kinds.map((k) => k.type))).toContain('ai_agent');
    expect(paletteGroups('loop').flatMap((g) => g.kinds.map((k) => k.type))).toEqual(
      expect.arrayContaining(['iterator', 'aggregator', 'search']),
    );
    expect(paletteGroups('flow control merge').flatMap((g) => g.kinds.map((k) => k.type))).toEqual(['octopus']);
    expect(paletteGroups('zzz')).toEqual([]);
  });

  it('writes base credits as a badge', () => {
    expect(formatBaseCredits(0)).toBe('free');
    expect(formatBaseCredits(1)).toBe('1 cr');
    expect(formatBaseCredits(1.5)).toBe('1.5 cr');
  });
});

describe('Palette', () => {
  // The add's code (commands/loadedLater.ts) here, as once the browser has been idle after the first
  // paint: a click adds at once. Before it, below.
  beforeEach(async () => {
    await editor.commands.preload();
  });

  it('lists every kind as an accessible button with its base credits from the flow rate card', () => {
    act(() => state().resetFlow(flowWith([], [], { rateCard: { baseCredits: { code: 2.5, response: 1 } } })));
    render(<Palette />);
    const code = screen.getByTestId('palette-item-code');
    expect(code.getAttribute('aria-label')).toBe('Add Code module');
    expect(code.textContent).toContain('2.5 cr');
    expect(screen.getByTestId('palette-item-action').textContent).toContain('1 cr');
    expect(screen.getByTestId('palette-item-router').textContent).toContain('free');
    expect(screen.getByTestId('palette-item-response').textContent).toContain('1 cr');
    expect(screen.getByTestId('palette-item-search').getAttribute('title')).toContain('surcharge');
    expect(screen.getAllByRole('button', { name: /^Add .* module$/ })).toHaveLength(13);
  });

  it('filters as you type and says when nothing matches', () => {
    render(<Palette />);
    fireEvent.change(screen.getByTestId('palette-filter'), { target: { value: 'rout' } });
    expect(screen.getAllByRole('button', { name: /^Add .* module$/ }).map((b) => b.dataset.testid)).toEqual(['palette-item-router']);
    fireEvent.change(screen.getByTestId('palette-filter'), { target: { value: 'nothing like this' } });
    expect(screen.getByTestId('palette-empty')).toBeTruthy();
  });

  it('puts the module type on a drag', () => {
    render(<Palette />);
    const data = new Map<string, string>();
    let seen: DataTransfer | null = null;
    const spy = (e: Event) => (seen = (e as DragEvent).dataTransfer);
    document.addEventListener('dragstart', spy);
    fireEvent.dragStart(screen.getByTestId('palette-item-iterator'), {
      dataTransfer: { setData: (k: string, v: string) => data.set(k, v) },
    });
    document.removeEventListener('dragstart', spy);
    expect(data.get(MODULE_DRAG_TYPE)).toBe('iterator');
    expect((seen as DataTransfer | null)?.effectAllowed).toBe('copy');
  });

  it('adds at the centre of the view when nothing is selected, selects it, in one undo step', () => {
    editor.centreOfView = () => ({ x: 400, y: 300 });
    render(<Palette />);
    fireEvent.click(screen.getByTestId('palette-item-trigger'));
    const [m] = state().flow.modules;
    expect(m).toMatchObject({ type: 'trigger', name: 'Trigger', position: { x: 400, y: 300 } });
    expect(state().selection).toEqual({ modules: [m!.id], edges: [] });
    expect(state().past).toHaveLength(1);
  });

  it('adds below the selected module and connects it', () => {
    act(() => {
      state().resetFlow(flowWith([{ id: 'm1', type: 'trigger', name: 'Hook', position: { x: 0, y: 0 } }]));
      state().setSelection({ modules: ['m1'] });
    });
    render(<Palette />);
    fireEvent.click(screen.getByTestId('palette-item-action'));
    const added = state().flow.modules[1]!;
    expect(added.type).toBe('action');
    expect(added.position.x).toBe(0);
    expect(added.position.y).toBeGreaterThan(0);
    expect(state().flow.edges).toEqual([{ id: 'e1', source: 'm1', target: added.id }]);
    expect(state().selection.modules).toEqual([added.id]);
    // one step: undo removes module and edge together
    act(() => state().undo());
    expect(state().flow.modules).toHaveLength(1);
    expect(state().flow.edges).toHaveLength(0);
  });

  it('adds unconnected, beside the other branch, when the rules forbid a second edge', () => {
    act(() => {
      state().resetFlow(
        flowWith(
          [
            { id: 'm1', type: 'trigger', name: 'Hook', position: { x: 0, y: 0 } },
            { id: 'm2', type: 'action', name: 'A', position: { x: 0, y: 150 } },
          ],
          [{ id: 'e1', source: 'm1', target: 'm2' }],
        ),
      );
      state().setSelection({ modules: ['m1'] });
    });
    render(<Palette />);
    fireEvent.click(screen.getByTestId('palette-item-code'));
    const added = state().flow.modules[2]!;
    expect(state().flow.edges).toHaveLength(1);
    expect(added.position).not.toEqual({ x: 0, y: 150 });
    expect(state().ui.toast?.message).toContain('Only routers branch');
  });

  it('adds with Enter from the filter box (first match)', () => {
    render(<Palette />);
    const filter = screen.getByTestId('palette-filter');
    fireEvent.change(filter, { target: { value: 'agent' } });
    fireEvent.keyDown(filter, { key: 'Enter' });
    expect(state().flow.modules.map((m) => m.type)).toEqual(['ai_agent']);
  });

  it('moves through the items with the arrow keys', () => {
    render(<Palette />);
    fireEvent.keyDown(screen.getByTestId('palette-filter'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('palette-item-trigger'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('palette-item-action'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByTestId('palette-item-trigger'));
  });

  it('as a popover hands the choice back instead of adding', () => {
    const onPick = vi.fn();
    const onClose = vi.fn();
    render(<Palette onPick={onPick} onClose={onClose} exclude={['trigger']} title="Add a connected module" />);
    const popover = screen.getByTestId('palette-popover');
    expect(within(popover).queryByTestId('palette-item-trigger')).toBeNull();
    fireEvent.click(within(popover).getByTestId('palette-item-search'));
    expect(onPick).toHaveBeenCalledWith('search');
    expect(state().flow.modules).toHaveLength(0);
    fireEvent.keyDown(within(popover).getByTestId('palette-filter'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });
});

describe("Palette, before the add's code is here (the first moments after the first paint)", () => {
  it('a click adds once the code has arrived, below the module selected at the click, selected, in one undo step', async () => {
    act(() => {
      state().resetFlow(
        flowWith([
          { id: 'm1', type: 'trigger', name: 'Hook', position: { x: 0, y: 0 } },
          { id: 'm2', type: 'action', name: 'Far', position: { x: 900, y: 0 } },
        ]),
      );
      state().setSelection({ modules: ['m1'] });
    });
    render(<Palette />);
    fireEvent.click(screen.getByTestId('palette-item-action'));
    // Selected meanwhile: the add still goes where it was given (below m1, connected from it).
    act(() => state().setSelection({ modules: ['m2'] }));
    await act(() => vi.waitFor(() => expect(state().flow.modules).toHaveLength(3), { timeout: 10_000 }));
    const added = state().flow.modules[2]!;
    expect(added.position.x).toBe(0);
    expect(state().flow.edges).toEqual([{ id: 'e1', source: 'm1', target: added.id }]);
    expect(state().selection.modules).toEqual([added.id]);
    expect(state().past.map((step) => step.label)).toEqual(['Add action']);
  });
});
