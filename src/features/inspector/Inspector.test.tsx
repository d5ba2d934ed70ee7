// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { Inspector, preloadInspectors } from './Inspector';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import type { ReactElement } from 'react';
import { priceFlow } from '../../cost/price';
import { formatCredits } from '../../ui/numbers';
import type { Flow } from '../../model/types';
import { parseFlow } from '../../io/parse';
import { serializeFlow } from '../../io/serialize';

function sampleFlow(): Flow {
  return {
    format: 'creditflow',
    version: 1,
    name: 'Lead enrichment',
    settings: { runsPerMonth: 3000 },
    modules: [
      { id: 'm1', type: 'trigger', name: 'New lead', position: { x: 0, y: 0 } },
      { id: 'm2', type: 'router', name: 'By country', position: { x: 0, y: 150 }, config: { mode: 'standard' } },
      { id: 'm3', type: 'iterator', name: 'Each contact', position: { x: -200, y: 300 }, assumptions: { iterations: 20 } },
      { id: 'm4', type: 'search', name: 'Find company', position: { x: -200, y: 450 } },
      { id: 'm5', type: 'aggregator', name: 'Collect', position: { x: -200, y: 600 }, config: { iteratorId: '' } },
      { id: 'm6', type: 'action', name: 'Notify', position: { x: 200, y: 300 } },
      { id: 'm7', type: 'iterator', name: 'Elsewhere', position: { x: 400, y: 300 } },
    ],
    edges: [
      { id: 'e1', source: 'm1', target: 'm2' },
      { id: 'e2', source: 'm2', target: 'm3', route: { priority: 1, passRate: 0.4, fallback: false } },
      { id: 'e3', source: 'm3', target: 'm4' },
      { id: 'e4', source: 'm4', target: 'm5' },
      { id: 'e5', source: 'm2', target: 'm6', route: { priority: 2, passRate: 0.5, fallback: false } },
    ],
  };
}

/** Each test works on a fresh editor. */
let editor: TestEditor;
const state = () => editor.store.getState();
const render = (ui: ReactElement) => renderWithEditor(ui, editor);
const moduleById = (id: string) => state().flow.modules.find((m) => m.id === id)!;
const edgeById = (id: string) => state().flow.edges.find((e) => e.id === id)!;

function select(modules: string[], edges: string[] = []) {
  act(() => state().setSelection({ modules, edges }));
}

function commit(testId: string, text: string, how: 'blur' | 'enter' = 'blur') {
  const input = screen.getByTestId(testId);
  fireEvent.change(input, { target: { value: text } });
  if (how === 'blur') fireEvent.blur(input);
  else fireEvent.keyDown(input, { key: 'Enter' });
}

// The module and edge inspectors load lazily in the app; here they are fetched once up front.
beforeAll(() => preloadInspectors());

beforeEach(() => {
  editor = testEditor({ flow: sampleFlow() });
});
afterEach(cleanup);

describe('Inspector with nothing selected', () => {
  it('edits the flow name and runs per month, one undo step each', () => {
    render(<Inspector />);
    expect(screen.getByTestId('inspector-flow')).toBeTruthy();
    commit('field-name', 'Leads v2');
    expect(state().flow.name).toBe('Leads v2');
    commit('field-runsPerMonth', '12000', 'enter');
    expect(state().flow.settings.runsPerMonth).toBe(12000);
    expect(state().past).toHaveLength(2);
    act(() => state().undo());
    expect(state().flow.settings.runsPerMonth).toBe(3000);
    expect((screen.getByTestId('field-runsPerMonth') as HTMLInputElement).value).toBe('3000');
  });

  it('reads "3,000" runs and a "600,000" budget as the app writes them, and refuses a decimal comma (issue 18 item 10)', () => {
    render(<Inspector />);
    commit('field-runsPerMonth', '3,500');
    expect(state().flow.settings.runsPerMonth).toBe(3500);
    commit('field-budget', '600,000');
    expect(state().flow.settings.budget).toEqual({ amount: 600_000, unit: 'credits' });
    commit('field-runsPerMonth', '1,5');
    expect(screen.getByTestId('field-error').textContent).toContain('ambiguous');
    expect(state().flow.settings.runsPerMonth).toBe(3500);
  });

  it('refuses a negative runs per month and keeps the document', () => {
    render(<Inspector />);
    commit('field-runsPerMonth', '-5');
    expect(screen.getByTestId('field-error').textContent).toBe('Must be at least 0');
    expect(state().flow.settings.runsPerMonth).toBe(3000);
    expect(state().past).toHaveLength(0);
  });

  it('with no runs per month of its own, shows the runs the trigger schedule gives (the figure the month total uses), not the default', () => {
    act(() =>
      state().edit('Schedule', (d) => {
        delete d.settings.runsPerMonth;
        d.modules[0]!.config = { schedule: '*/30 8-17 * * *' };
      }),
    );
    render(<Inspector />);
    const field = screen.getByTestId('field-runsPerMonth') as HTMLInputElement;
    expect(field.value).toBe('');
    expect(field.placeholder).toBe('608.33');
    expect(screen.getByTestId('inspector-flow').textContent).toContain('the trigger’s schedule');
    act(() => state().edit('No schedule', (d) => void delete d.modules[0]!.config));
    expect((screen.getByTestId('field-runsPerMonth') as HTMLInputElement).placeholder).toBe('1,000');
  });

  it('sets and removes a monthly budget', () => {
    render(<Inspector />);
    fireEvent.change(screen.getByTestId('field-budgetUnit'), { target: { value: 'dollars' } });
    commit('field-budget', '500');
    expect(state().flow.settings.budget).toEqual({ amount: 500, unit: 'dollars' });
    commit('field-budget', '');
    expect(state().flow.settings.budget).toBeUndefined();
  });

  it("shows the budget's unit once, where every field shows its unit: the unit's select at the end of the amount's box", () => {
    render(<Inspector />);
    const field = screen.getByTestId('field-budget').closest('.cf-field')!;
    const unit = screen.getByTestId('field-budgetUnit') as HTMLSelectElement;
    expect(field.querySelector('.cf-field__control')!.contains(unit)).toBe(true);
    expect(field.querySelector('.cf-field__unit')).toBeNull();
    expect(unit.getAttribute('aria-label')).toBe('Budget unit');
    // No other place says the unit: "credits" is written once in the budget section, by the select.
    const section = field.closest('section')!;
    expect(section.textContent!.match(/credits/g)).toHaveLength(1);
    fireEvent.change(unit, { target: { value: 'dollars' } });
    commit('field-budget', '$40');
    expect(state().flow.settings.budget).toEqual({ amount: 40, unit: 'dollars' });
    expect(section.textContent!.match(/dollars/g)).toHaveLength(1);
    expect(section.textContent).not.toMatch(/\$/);
  });
});

describe('Inspector for one module', () => {
  it('version 3: a failure rate in %, pages on a search (at least 1), and the trigger schedule read in plain words', () => {
    select(['m6']);
    render(<Inspector />);
    expect(screen.queryByTestId('field-pages')).toBeNull();
    commit('field-failureRate', '5');
    expect(moduleById('m6').assumptions).toEqual({ failureRate: 0.05 });
    cleanup();

    select(['m4']);
    render(<Inspector />);
    commit('field-pages', '3');
    expect(moduleById('m4').assumptions).toEqual({ pages: 3 });
    commit('field-pages', '0.5');
    expect(moduleById('m4').assumptions).toEqual({ pages: 3 });
    cleanup();

    act(() => state().edit('No runs per month', (d) => void delete d.settings.runsPerMonth));
    select(['m1']);
    render(<Inspector />);
    commit('field-schedule', '*/30 8-17 * * *');
    expect(moduleById('m1').config).toEqual({ schedule: '*/30 8-17 * * *' });
    expect(screen.getByTestId('schedule-reading').textContent).toBe('every 30 minutes, 08:00–17:59 UTC, every day: 608 runs a month');
    expect(priceFlow(state().flow).runsPerMonth).toBe(7300 / 12);
    commit('field-schedule', '0 24 * * *');
    expect(screen.getByTestId('schedule-reading').textContent).toContain('the hour field "24": 24 is out of range 0–23');
    commit('field-schedule', '');
    expect(moduleById('m1').config).toBeUndefined();
  });

  it('sets an assumption, shows the default as placeholder, and prices it', () => {
    select(['m6']);
    render(<Inspector />);
    const duration = screen.getByTestId('field-durationSec') as HTMLInputElement;
    expect(duration.placeholder).toBe('1');
    expect(duration.value).toBe('');
    // the assumptions the kind lists, with units
    for (const key of ['durationSec', 'payloadKB', 'retries', 'extraCredits']) expect(screen.getByTestId(`field-${key}`)).toBeTruthy();
    expect(screen.queryByTestId('field-iterations')).toBeNull();

    commit('field-durationSec', '10');
    expect(moduleById('m6').assumptions).toEqual({ durationSec: 10 });
    expect(state().past).toHaveLength(1);
    const expected = priceFlow(state().flow).byId.get('m6')!.credits;
    expect(screen.getByTestId('inspector-credits').textContent).toBe(String(Number(expected.toFixed(4))));

    // clearing it goes back to the kind default (the key is removed)
    commit('field-durationSec', '');
    expect(moduleById('m6').assumptions).toBeUndefined();
  });

  it('refuses an invalid assumption with a message and leaves the document alone', () => {
    select(['m6']);
    render(<Inspector />);
    commit('field-retries', 'abc');
    const error = screen.getByTestId('field-error');
    expect(error.textContent).toContain('not a number');
    expect(screen.getByTestId('field-retries').getAttribute('aria-invalid')).toBe('true');
    commit('field-retries', '2,000,000');
    expect(screen.getByTestId('field-error').textContent).toBe('Must be at most 1,000,000');
    expect(moduleById('m6').assumptions).toBeUndefined();
    expect(state().past).toHaveLength(0);
  });

  it('turns an assumption into a range and back', () => {
    select(['m3']);
    render(<Inspector />);
    fireEvent.click(screen.getByTestId('field-iterations-range-toggle'));
    expect(moduleById('m3').assumptions!.iterations).toEqual({ min: 10, likely: 20, max: 30 });
    commit('field-iterations-max', '200');
    expect(moduleById('m3').assumptions!.iterations).toEqual({ min: 10, likely: 20, max: 200 });
    commit('field-iterations-min', '50');
    expect(screen.getByTestId('field-error').textContent).toBe('Min must not be above likely');
    expect(moduleById('m3').assumptions!.iterations).toEqual({ min: 10, likely: 20, max: 200 });
    fireEvent.keyDown(screen.getByTestId('field-iterations-min'), { key: 'Escape' });
    fireEvent.click(screen.getByTestId('field-iterations-range-toggle'));
    expect(moduleById('m3').assumptions!.iterations).toBe(20);
  });

  it('renames a module and refuses an empty name', () => {
    select(['m6']);
    render(<Inspector />);
    commit('field-name', 'Ping sales');
    expect(moduleById('m6').name).toBe('Ping sales');
    commit('field-name', '   ');
    expect(screen.getByTestId('field-error').textContent).toBe('A module needs a name.');
    expect(moduleById('m6').name).toBe('Ping sales');
  });

  it('takes a name of 200 emoji, which a file may hold, and counts characters as a person does past it', () => {
    select(['m6']);
    render(<Inspector />);
    // The browser counts an emoji as two units: the input must leave room for 200 of them.
    expect(Number(screen.getByTestId('field-name').getAttribute('maxLength'))).toBeGreaterThanOrEqual('🚀'.repeat(200).length);
    commit('field-name', '🚀'.repeat(200));
    expect(moduleById('m6').name).toBe('🚀'.repeat(200));
    commit('field-name', '🚀'.repeat(201));
    expect(screen.getByTestId('field-error').textContent).toBe('A name can be at most 200 characters; this one has 201.');
  });

  it('takes a name of 200 family emoji (11 units each), and the file reader reads it back', () => {
    const family = '👨‍👩‍👧‍👦';
    select(['m6']);
    render(<Inspector />);
    // Before, the input stopped typing at 400 units (36 families) and the recipe counted 7 a family.
    expect(Number(screen.getByTestId('field-name').getAttribute('maxLength'))).toBeGreaterThanOrEqual(family.repeat(200).length);
    commit('field-name', family.repeat(200));
    expect(moduleById('m6').name).toBe(family.repeat(200));
    const read = parseFlow(serializeFlow(state().flow));
    expect(read.ok && read.value.modules.find((m) => m.id === 'm6')?.name).toBe(family.repeat(200));
    commit('field-name', family.repeat(201));
    expect(screen.getByTestId('field-error').textContent).toBe('A name can be at most 200 characters; this one has 201.');
  });

  it('keeps showing its module while modules are dragged, and follows the selection when the drag ends', () => {
    select(['m6']);
    render(<Inspector />);
    const name = () => (screen.getByTestId('field-name') as HTMLInputElement).value;
    expect(name()).toBe('Notify');
    // A drag that starts on another module selects it; the inspector waits for the drop.
    act(() => state().beginGesture('Move modules'));
    select(['m4']);
    expect(name()).toBe('Notify');
    act(() => state().endGesture());
    expect(name()).toBe('Find company');
  });

  it('follows the selection once the pointer is released, even if the drag never reported its end', () => {
    select(['m6']);
    render(<Inspector />);
    const name = () => (screen.getByTestId('field-name') as HTMLInputElement).value;
    act(() => state().beginGesture('Move modules'));
    select(['m4']);
    expect(name()).toBe('Notify');
    act(() => {
      window.dispatchEvent(new Event('pointerup'));
    });
    expect(name()).toBe('Find company');
    act(() => state().endGesture());
  });

  it('switches a router to exclusive and explains the mode', () => {
    select(['m2']);
    render(<Inspector />);
    fireEvent.change(screen.getByTestId('router-mode'), { target: { value: 'exclusive' } });
    expect(moduleById('m2')).toMatchObject({ config: { mode: 'exclusive' } });
    expect(screen.getByTestId('inspector').textContent).toContain('Only the first matching route');
    expect(screen.getByTestId('router-share').textContent).toContain('90 %');
  });

  it('says when a module holds the filter of its connection to come (a Make module imported unconnected), and not once a connection took it', async () => {
    const flow = sampleFlow();
    (flow.modules[6] as unknown as Record<string, unknown>).incomingFilter = { mode: 'break', passRate: 0.5, conditions: { '@and': [{ '{{[m1].n}}': { _gt: 5 } }] } };
    editor.dispose();
    editor = testEditor({ flow });
    select(['m7']);
    render(<Inspector />);
    expect(screen.getByTestId('inspector-incoming-filter').textContent).toMatch(/first connection .* draw into it takes it/);
    await act(() => editor.commands.run('edge.connect', { source: 'm6', target: 'm7' }));
    expect(state().flow.edges.find((e) => e.target === 'm7')?.filter?.conditions).toEqual({ '@and': [{ '{{[m1].n}}': { _gt: 5 } }] });
    select(['m7']);
    expect(screen.getByTestId('inspector-module').getAttribute('data-module-id')).toBe('m7');
    expect(screen.queryByTestId('inspector-incoming-filter')).toBeNull();
  });

  it('says a held filter that cannot be used cannot be used, and why, instead of promising the next connection takes it', async () => {
    for (const [held, why] of [
      [{ mode: 'break', passRate: 7 }, /cannot be used: Pass rate can be at most 1\. A connection/],
      [null, /cannot be used: it is null, not a filter/],
      [{ mode: 'sometimes', passRate: 0.5 }, /cannot be used: its mode is "sometimes"/],
    ] as const) {
      const flow = sampleFlow();
      (flow.modules[6] as unknown as Record<string, unknown>).incomingFilter = held;
      editor.dispose();
      editor = testEditor({ flow });
      select(['m7']);
      render(<Inspector />);
      const hint = screen.getByTestId('inspector-incoming-filter').textContent!;
      expect(hint).toMatch(why);
      expect(hint).not.toMatch(/takes it/);
      // And indeed: a connection drawn into it gets no filter.
      await act(() => editor.commands.run('edge.connect', { source: 'm6', target: 'm7' }));
      expect(state().flow.edges.find((e) => e.target === 'm7')?.filter).toBeUndefined();
      cleanup();
    }
  });

  it("offers an aggregator only the iterators upstream of it", () => {
    select(['m5']);
    render(<Inspector />);
    const picker = screen.getByTestId('aggregator-iterator') as HTMLSelectElement;
    const options = Array.from(picker.options).map((o) => o.value);
    expect(options).toEqual(['', 'm3']);
    fireEvent.change(picker, { target: { value: 'm3' } });
    expect(moduleById('m5')).toMatchObject({ config: { iteratorId: 'm3' } });
  });
});

describe('Inspector for one edge', () => {
  it('adds a break filter, sets its pass rate as a percentage and builds a condition', () => {
    select([], ['e3']);
    render(<Inspector />);
    fireEvent.change(screen.getByTestId('filter-mode'), { target: { value: 'break' } });
    expect(edgeById('e3').filter).toEqual({ mode: 'break', passRate: 0.5 });
    commit('field-passRate', '25');
    expect(edgeById('e3').filter).toEqual({ mode: 'break', passRate: 0.25 });
    commit('field-passRate', '150');
    expect(screen.getByTestId('field-error').textContent).toBe('Must be at most 100');
    expect(edgeById('e3').filter!.passRate).toBe(0.25);

    fireEvent.click(screen.getByTestId('condition-add-rule'));
    // the nearest upstream module's first field
    expect(edgeById('e3').filter!.conditions).toEqual({ '@and': [{ '{{[m3].item}}': { _eq: '' } }] });
    fireEvent.change(screen.getByTestId('condition-op'), { target: { value: '_neq' } });
    expect(edgeById('e3').filter).toEqual({
      mode: 'break',
      passRate: 0.25,
      conditions: { '@and': [{ '{{[m3].item}}': { _neq: '' } }] },
    });

    // switching to skip keeps pass rate and conditions; "No filter" removes it
    fireEvent.change(screen.getByTestId('filter-mode'), { target: { value: 'skip' } });
    expect(edgeById('e3').filter).toMatchObject({ mode: 'skip', passRate: 0.25 });
    expect(edgeById('e3').filter!.conditions).toBeDefined();
    fireEvent.change(screen.getByTestId('filter-mode'), { target: { value: 'none' } });
    expect(edgeById('e3').filter).toBeUndefined();
  });

  it('does not offer a skip filter into an aggregator', () => {
    select([], ['e4']);
    render(<Inspector />);
    const skip = within(screen.getByTestId('filter-mode')).getByText(/^Skip/) as HTMLOptionElement;
    expect(skip.disabled).toBe(true);
  });

  it('edits a route: priority, pass rate and the fallback toggle', () => {
    select([], ['e5']);
    render(<Inspector />);
    expect(screen.queryByTestId('filter-mode')).toBeNull();
    commit('route-priority', '0');
    expect(edgeById('e5').route!.priority).toBe(0);
    // Any number orders routes, as in a file (the table of field rules); the bounds keep typos out.
    commit('route-priority', '1.5');
    expect(edgeById('e5').route!.priority).toBe(1.5);
    commit('route-priority', '2,000,000,000');
    expect(screen.getByTestId('field-error').textContent).toBe('Must be at most 1,000,000,000');
    commit('field-passRate', '30');
    expect(edgeById('e5').route!.passRate).toBe(0.3);
    // a route condition, written to the route
    fireEvent.click(screen.getByTestId('condition-add-rule'));
    fireEvent.change(screen.getByTestId('condition-mapping'), { target: { value: '{{[m1].body}}' } });
    const value = screen.getByTestId('condition-value');
    fireEvent.change(value, { target: { value: 'ES' } });
    fireEvent.blur(value);
    expect(edgeById('e5').route!.conditions).toEqual({ '@and': [{ '{{[m1].body}}': { _eq: 'ES' } }] });
    expect(edgeById('e5').filter).toBeUndefined();

    fireEvent.click(screen.getByTestId('route-fallback'));
    expect(edgeById('e5').route!.fallback).toBe(true);
    expect(screen.getByTestId('route-fallback-note')).toBeTruthy();
    expect(screen.queryByTestId('field-passRate')).toBeNull();
  });
});

describe('Inspector while a scenario is shown', () => {
  it('says that costs include the scenario but the fields edit the base flow', () => {
    act(() => {
      state().resetFlow({ ...sampleFlow(), scenarios: [{ id: 's1', name: 'Black Friday', overrides: { runsPerMonth: 15000 } }] });
      state().setActiveScenario('s1');
    });
    render(<Inspector />);
    expect(screen.getByTestId('inspector-scenario').textContent).toContain('Black Friday');
    expect((screen.getByTestId('field-runsPerMonth') as HTMLInputElement).value).toBe('3000');
    act(() => state().setActiveScenario(null));
    expect(screen.queryByTestId('inspector-scenario')).toBeNull();
  });
});

describe('Inspector for several items', () => {
  it('shows the count and deletes them with their edges', () => {
    select(['m4', 'm6'], ['e2']);
    render(<Inspector />);
    expect(screen.getByTestId('inspector-count').textContent).toBe('2 modules and 1 edge selected');
    const cost = priceFlow(state().flow);
    const together = cost.byId.get('m4')!.credits + cost.byId.get('m6')!.credits;
    expect(screen.getByTestId('inspector-multi-credits').textContent).toContain(formatCredits(together));
    fireEvent.click(screen.getByTestId('inspector-delete'));
    expect(state().flow.modules.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm5', 'm7']);
    expect(state().flow.edges.map((e) => e.id)).toEqual(['e1']);
    expect(screen.getByTestId('inspector-flow')).toBeTruthy();
  });
});
