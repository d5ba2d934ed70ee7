// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { chain, flowOf } from '../../model/testing/flowOf';
import type { Flow } from '../../model/types';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import { comparePlatforms, runsQuantiles } from '../../cost/platforms';
import { PLATFORM_IDS } from '../../cost/platformTable';
import { describeImported, explainFigure } from '../../cost/platformText';
import { breakEven } from '../../cost/crossover';
import { DEFAULT_PLATFORM_TABLE } from '../../cost/platformTable';
import { NO_BANDS } from '../../editor/slots';
import { simulate } from '../../cost/simulate';
import { priceFlow } from '../../cost/price';
import { Dock } from '../layout/Dock';
import { numberIn, typeAndEnter } from '../whatIf/panelTestUtils';
import { PlatformsPanel } from './PlatformsPanel';
import { setAssumption } from '../../store/inspectorRecipes';
import type * as KindIconModule from '../../ui/KindIcon';

/** How many module icons were drawn: one per row of the per-module table that React rendered. */
const icons = vi.hoisted(() => ({ drawn: 0 }));
vi.mock('../../ui/KindIcon', async (original) => {
  const real = await original<typeof KindIconModule>();
  return {
    ...real,
    KindIcon: (props: Parameters<typeof real.KindIcon>[0]) => {
      icons.drawn++;
      return real.KindIcon(props);
    },
  };
});

/** A loop with an iterator and an aggregator, a filter and a retried module: every platform charges differently. */
const FLOW: Flow = flowOf(
  [
    ['t', 'trigger'],
    ['it', 'iterator', { iterations: 12 }],
    ['ask', 'ai_agent', { durationSec: 4, retries: 1 }],
    ['agg', 'aggregator', undefined, { iteratorId: 'it' }],
    ['send', 'action', { failureRate: 0.1 } as never],
  ],
  chain('t', 'it', 'ask', 'agg', 'send'),
  { runsPerMonth: 3000 },
);

let editor: TestEditor;
const state = () => editor.store.getState();
function show(flow: Flow = FLOW) {
  editor = testEditor({ flow });
  return renderWithEditor(<PlatformsPanel />, editor);
}

afterEach(() => cleanup());

describe('PlatformsPanel', () => {
  it('after an edit of one module, redraws that module’s row of the per-module table with its new figures, and no other row', () => {
    show();
    const sendRow = () => screen.getByTestId('platforms-module-send');
    const before = sendRow().textContent;
    icons.drawn = 0;
    act(() => void state().edit('Duration', (d) => void setAssumption(d, 'send', 'durationSec', 40)));
    const altan = comparePlatforms(state().flow).modules.find((m) => m.id === 'send')!.units.altan;
    expect(Number(within(sendRow()).getAllByRole('cell')[1]!.querySelector('[data-value]')!.getAttribute('data-value'))).toBe(altan);
    expect(sendRow().textContent).not.toBe(before);
    expect(icons.drawn).toBe(1);
  });

  it('shows the four platforms with the engine’s figures', () => {
    show();
    const engine = comparePlatforms(FLOW);
    for (const id of PLATFORM_IDS) {
      const p = engine.platforms[id];
      expect(screen.getByTestId(`platforms-col-${id}`)).toBeTruthy();
      expect(numberIn(`pf-${id}-perRun`)).toBe(p.perRun);
      expect(numberIn(`pf-${id}-perMonth`)).toBe(p.perMonth);
      expect(numberIn(`pf-${id}-dollarsPerMonth`)).toBe(p.dollarsPerMonth);
      expect(numberIn(`pf-${id}-dollarsPer1000Runs`)).toBe(p.dollarsPer1000Runs);
      expect(screen.getByTestId(`pf-${id}-plan`).textContent).toContain(p.planName);
      expect(Number(screen.getByTestId(`platforms-bar-${id}`).getAttribute('data-value'))).toBe(p.dollarsPerMonth);
    }
    expect(within(screen.getByTestId(`platforms-col-${engine.cheapest}`)).getByTestId('platforms-cheapest')).toBeTruthy();
    expect(screen.getAllByTestId('platforms-cheapest')).toHaveLength(1);
    // n8n bills one execution per run; the per-module table says where the others charge.
    expect(numberIn('pf-n8n-perRun')).toBe(1);
    expect(screen.getByTestId('platforms-charges').textContent).toMatch(/Make charges the trigger, iterator and aggregator, Zapier does not/);
  });

  it('marks the flow’s runs per month on the break-even chart, with a dot at each crossover', () => {
    show();
    const marker = screen.getByTestId('breakeven-marker');
    expect(Number(marker.getAttribute('data-runs'))).toBe(3000);
    const crossings = breakEven(comparePlatforms(FLOW)).crossovers;
    expect(screen.queryAllByTestId('breakeven-crossover').map((c) => Number(c.getAttribute('data-runs')))).toEqual(crossings.map((c) => c.runs));
    for (const id of PLATFORM_IDS) expect(screen.getByTestId(`breakeven-line-${id}`).getAttribute('points')).toMatch(/^[\d.]+,[\d.]+( [\d.]+,[\d.]+)+$/);
  });

  it('changing runs per month moves the marker and every figure, in one undo step', () => {
    show();
    const before = Number(screen.getByTestId('breakeven-marker').getAttribute('data-x'));
    typeAndEnter(screen.getByTestId('platforms-runs-per-month'), '50000');
    expect(state().flow.settings.runsPerMonth).toBe(50000);
    const engine = comparePlatforms(state().flow);
    for (const id of PLATFORM_IDS) expect(numberIn(`pf-${id}-dollarsPerMonth`)).toBe(engine.platforms[id].dollarsPerMonth);
    expect(numberIn('pf-make-perMonth')).toBe(engine.platforms.make.perRun * 50000);
    const marker = screen.getByTestId('breakeven-marker');
    expect(Number(marker.getAttribute('data-runs'))).toBe(50000);
    expect(Number(marker.getAttribute('data-x'))).toBeGreaterThan(before);
    act(() => state().undo());
    expect(Number(screen.getByTestId('breakeven-marker').getAttribute('data-runs'))).toBe(3000);
  });

  it('hovering or focusing a figure shows its formula; leaving it shows the hint again', () => {
    show();
    const line = screen.getByTestId('platforms-formula');
    const hint = line.textContent;
    const figure = screen.getByTestId('pf-make-perMonth');
    fireEvent.mouseEnter(figure);
    expect(line.textContent).toBe(explainFigure(comparePlatforms(FLOW), 'make', 'perMonth'));
    expect(line.textContent).toMatch(/credits per run × 3,000 runs a month = /);
    fireEvent.mouseLeave(figure);
    expect(line.textContent).toBe(hint);
    fireEvent.focus(screen.getByTestId('pf-zapier-dollarsPerMonth'));
    expect(line.textContent).toBe(explainFigure(comparePlatforms(FLOW), 'zapier', 'dollarsPerMonth'));
    // Every figure is reachable by keyboard and says what describes it.
    expect(figure.getAttribute('tabindex')).toBe('0');
    expect(figure.getAttribute('aria-describedby')).toBe(line.id);
  });

  it('a module cell explains where its units come from', () => {
    show();
    const row = screen.getByTestId('platforms-module-ask');
    const cells = within(row).getAllByRole('cell');
    // Runs / run, then Altan, Make, Zapier, n8n.
    const make = cells[2]!.querySelector('[data-formula]')!;
    expect(make.getAttribute('data-formula')).toMatch(/^12 executions per run × 1 credits each × 2 \(1 \+ retries: every attempt\) = 24 credits$/);
  });

  it('a plan price is edited as one undo step, and reset to the defaults', async () => {
    show();
    // The plans' commands run loadedLater's code, which the app fetches when the browser is first idle.
    await act(() => editor.commands.preload());
    const field = screen.getByTestId('field-plan-n8n-1-price');
    typeAndEnter(field, '80');
    expect(state().flow.settings.platforms?.n8n?.plans?.[1]?.monthlyPrice).toBe(80);
    expect(numberIn('pf-n8n-dollarsPerMonth')).toBe(comparePlatforms(state().flow).platforms.n8n.dollarsPerMonth);
    act(() => state().undo());
    expect(state().flow.settings.platforms).toBeUndefined();
    typeAndEnter(screen.getByTestId('field-plan-zapier-0-units'), '500');
    expect(state().flow.settings.platforms?.zapier?.plans?.[0]?.monthlyUnits).toBe(500);
    fireEvent.click(screen.getByTestId('platforms-plans-reset-zapier'));
    expect(state().flow.settings.platforms).toBeUndefined();
    expect((screen.getByTestId('field-plan-zapier-0-units') as HTMLInputElement).value).toBe(String(DEFAULT_PLATFORM_TABLE.zapier.plans[0]!.monthlyUnits));
  });

  it('after an import from n8n, highlights n8n and says what the workflow costs there and on Altan, until another flow is opened', () => {
    show();
    expect(screen.queryByTestId('platforms-imported')).toBeNull();
    act(() => {
      state().loadFlow(FLOW, 'Import n8n.json');
      state().noteImportSource('n8n');
    });
    const banner = screen.getByTestId('platforms-imported');
    expect(banner.textContent).toBe(describeImported(comparePlatforms(FLOW), 'n8n'));
    expect(banner.textContent).toMatch(/^This workflow on n8n today: 3,000 executions a month, Pro plan, \$65\.00 a month; on Altan: /);
    expect(screen.getByTestId('platforms-col-n8n').hasAttribute('data-highlight')).toBe(true);
    expect(screen.getByTestId('platforms-col-make').hasAttribute('data-highlight')).toBe(false);
    act(() => state().loadFlow(flowOf([['t', 'trigger']], []), 'New flow'));
    expect(screen.queryByTestId('platforms-imported')).toBeNull();
  });

  it('with simulated runs of a flow with ranges, shows P50 and P90 months from those runs', () => {
    const ranged: Flow = {
      ...FLOW,
      modules: FLOW.modules.map((m) => (m.id === 'ask' ? { ...m, assumptions: { durationSec: { min: 2, likely: 4, max: 20 }, retries: 1 } } : m)),
      settings: { runsPerMonth: { min: 1000, likely: 3000, max: 9000 } },
    };
    show(ranged);
    expect(screen.queryByTestId('pf-make-perMonthP90')).toBeNull();
    const sim = simulate(ranged, { samples: 400, seed: 3 });
    act(() => editor.bands.setState({ ...NO_BANDS, simulated: { mean: sim.mean, perMonth: sim.perMonth } }));
    const engine = comparePlatforms(ranged, { simulation: sim });
    for (const id of PLATFORM_IDS) {
      expect(numberIn(`pf-${id}-perMonth`)).toBe(engine.platforms[id].perMonth);
      expect(numberIn(`pf-${id}-perMonthP90`)).toBe(engine.platforms[id].perMonthP90);
      expect(numberIn(`pf-${id}-dollarsPerMonth`)).toBe(engine.platforms[id].dollarsPerMonth);
    }
    // The modules table's rows are likely values: its last row is their sum, and says so (it showed
    // the simulated mean under "Σ of the column", which the rows above did not add up to).
    const foot = screen.getByTestId('platforms-modules').querySelector('tfoot tr')!;
    expect(foot.querySelector('th')!.textContent).toBe('Per run (likely values)');
    const sums = [...foot.querySelectorAll('[data-value]')].map((cell) => Number(cell.getAttribute('data-value')));
    expect(sums).toEqual(PLATFORM_IDS.map((id) => engine.pointPerRun[id]));
    expect(engine.pointPerRun.altan).toBeCloseTo(priceFlow(ranged).total, 9);
    expect(engine.pointPerRun.altan).not.toBeCloseTo(engine.platforms.altan.perRun, 3);
    // Stale runs (an edit the worker has not answered yet) are not shown as the flow's.
    act(() => editor.bands.setState({ stale: true }));
    expect(screen.queryByTestId('pf-make-perMonthP90')).toBeNull();
  });

  it('with a range of runs per month only, the P50 and P90 months are those of the range (every run costs the same)', () => {
    const flow = { ...FLOW, settings: { runsPerMonth: { min: 1000, likely: 3000, max: 9000 } } };
    show(flow);
    const total = comparePlatforms(flow).platforms.altan.perRun;
    const engine = comparePlatforms(flow, { simulation: { mean: total, perMonth: { p50: total * runsQuantiles(flow, 3000).p50, p90: total * runsQuantiles(flow, 3000).p90 } } });
    for (const id of PLATFORM_IDS) {
      expect(numberIn(`pf-${id}-perMonthP90`)).toBe(engine.platforms[id].perMonthP90);
      expect(numberIn(`pf-${id}-dollarsPerMonth`)).toBe(engine.platforms[id].dollarsPerMonth);
    }
    expect(numberIn('pf-make-perMonthP90')).toBeGreaterThan(numberIn('pf-make-perMonth'));
    expect(screen.getByTestId('platforms-runs-range').textContent).toMatch(/1,000–9,000 runs a month/);
  });
});

describe('Dock', () => {
  it('opens the platforms tab after an import from n8n or Make, not after a Creditflow file', () => {
    editor = testEditor({ flow: FLOW });
    renderWithEditor(<Dock cost={<p>cost</p>} problems={<p>problems</p>} platforms={<p>platforms here</p>} />, editor);
    const tab = screen.getByTestId('tab-platforms');
    expect(tab.getAttribute('aria-selected')).toBe('false');
    act(() => {
      state().loadFlow(FLOW, 'Import');
      state().noteImportSource('creditflow');
    });
    expect(tab.getAttribute('aria-selected')).toBe('false');
    act(() => {
      state().loadFlow({ ...FLOW, name: 'From Make' }, 'Import');
      state().noteImportSource('make');
    });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByText('platforms here')).toBeTruthy();
  });
});
