import { describe, expect, it } from 'vitest';
import { chain, flowOf, type Spec } from '../model/testing/flowOf';
import { MODULE_TYPES, type Assumptions, type Flow, type ModuleType } from '../model/types';
import { priceFlow } from './price';
import { simulate } from './simulate';
import { comparePlatforms, failureRateOf, triangularQuantile } from './platforms';
import { DEFAULT_PLATFORM_TABLE } from './platformTable';

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

/** A trigger followed by one module of `type` (an aggregator gets an iterator of 1 item to close). */
function single(type: ModuleType, assumptions?: Assumptions, runsPerMonth = 1000): Flow {
  if (type === 'trigger') return flowOf([['t', 'trigger', assumptions]], [], { runsPerMonth });
  if (type === 'aggregator')
    return flowOf(
      [['t', 'trigger'], ['i', 'iterator', { iterations: 1 }], ['x', 'aggregator', assumptions, { iteratorId: 'i' }]],
      chain('t', 'i', 'x'),
      { runsPerMonth },
    );
  const config = type === 'router' ? { mode: 'standard' } : undefined;
  return flowOf([['t', 'trigger'], ['x', type, assumptions, config]], chain('t', 'x'), { runsPerMonth });
}

const unitsOf = (flow: Flow, id: string) => comparePlatforms(flow).modules.find((m) => m.id === id)!.units;

describe('units per execution of every kind (platforms.md §1)', () => {
  // The contract's table, row by row, written out by hand (durations short enough that code costs its minimum).
  const rows: [kinds: ModuleType[], make: number, zapier: number][] = [
    [['trigger'], 1, 0],
    [['action', 'search', 'invoke', 'ai_agent', 'altaner', 'response', 'variables', 'code'], 1, 1],
    [['router'], 0, 0],
    [['iterator', 'aggregator', 'octopus'], 1, 0],
  ];
  it('covers every kind', () => {
    expect(rows.flatMap((r) => r[0]).sort()).toEqual([...MODULE_TYPES].sort());
  });
  for (const [kinds, make, zapier] of rows)
    for (const type of kinds)
      it(`${type}: Make ${make}, Zapier ${zapier}, n8n nothing per module`, () => {
        const units = unitsOf(single(type, { durationSec: 0.2, retries: 0 }), type === 'trigger' ? 't' : 'x');
        expect(units.make).toBe(make);
        expect(units.zapier).toBe(zapier);
        expect(units.n8n).toBe(0);
      });

  it('Altan per module is the module’s own credits', () => {
    const flow = single('ai_agent', { durationSec: 4, extraCredits: 2 });
    close(unitsOf(flow, 'x').altan, priceFlow(flow).byId.get('x')!.credits);
  });

  it('code on Make costs 2 credits per second of run time, at least 1; Zapier 1 task whatever the time', () => {
    expect(unitsOf(single('code', { durationSec: 0.3 }), 'x').make).toBe(1);
    expect(unitsOf(single('code', { durationSec: 0.5 }), 'x').make).toBe(1);
    expect(unitsOf(single('code', { durationSec: 3 }), 'x').make).toBe(6);
    expect(unitsOf(single('code', { durationSec: 3 }), 'x').zapier).toBe(1);
  });

  it('a code module set to 0 units is free, however long it runs (the time rule only raises a charged one)', () => {
    const flow = single('code', { durationSec: 30 });
    flow.settings.platforms = { make: { unitsPerKind: { code: 0 } } };
    expect(unitsOf(flow, 'x').make).toBe(0);
  });
});

describe('runs, failures, retries and loops', () => {
  it('n8n bills one execution per run whatever the flow holds; invoke adds nothing', () => {
    const flow = flowOf(
      [['t', 'trigger'], ['i', 'iterator', { iterations: 50 }], ['v', 'invoke'], ['g', 'aggregator', undefined, { iteratorId: 'i' }]],
      chain('t', 'i', 'v', 'g'),
      { runsPerMonth: 700 },
    );
    const c = comparePlatforms(flow);
    expect(c.platforms.n8n.perRun).toBe(1);
    expect(c.platforms.n8n.perMonth).toBe(700);
  });

  it('Make counts every attempt (m · (1 + r)); Zapier only the successes (m · (1 − φ))', () => {
    const flow = single('action', { retries: 0.5, failureRate: 0.2 } as Assumptions);
    const units = unitsOf(flow, 'x');
    close(units.make, 1.5);
    close(units.zapier, 0.8);
  });

  it('a module without a failure rate never fails; a range counts as its likely value', () => {
    const [m] = single('action').modules.slice(1);
    expect(failureRateOf(m!)).toBe(0);
    const ranged = single('action', { failureRate: { min: 0, likely: 0.1, max: 0.5 } } as Assumptions).modules[1]!;
    expect(failureRateOf(ranged)).toBe(0.1);
    const broken = single('action', { failureRate: 'often' } as unknown as Assumptions).modules[1]!;
    expect(failureRateOf(broken)).toBe(0);
  });

  it('a loop multiplies what its body charges; filters and routes pass their share (execution counts come from priceFlow)', () => {
    const flow = flowOf(
      [
        ['t', 'trigger'],
        ['i', 'iterator', { iterations: 20 }],
        ['a', 'action'],
        ['s', 'search'],
        ['g', 'aggregator', undefined, { iteratorId: 'i' }],
        ['r', 'response'],
      ],
      [
        { source: 't', target: 'i' },
        { source: 'i', target: 'a' },
        { source: 'a', target: 's', filter: { mode: 'break', passRate: 0.25 } },
        { source: 's', target: 'g' },
        { source: 'g', target: 'r' },
      ],
      { runsPerMonth: 100 },
    );
    const c = comparePlatforms(flow);
    // Make: trigger 1 + iterator 1 + 20 actions + 5 searches + aggregator 1 + response 1.
    close(c.platforms.make.perRun, 29);
    // Zapier: 20 actions + 5 searches + response 1.
    close(c.platforms.zapier.perRun, 26);
    close(c.platforms.make.perMonth, 2900);
    close(c.platforms.altan.perRun, priceFlow(flow).total);
  });

  it('modules the trigger does not reach cost nothing anywhere', () => {
    const flow = flowOf([['t', 'trigger'], ['a', 'action'], ['lost', 'action']], chain('t', 'a'));
    const lost = comparePlatforms(flow).modules.find((m) => m.id === 'lost')!;
    expect(lost.units).toEqual({ altan: 0, make: 0, zapier: 0, n8n: 0 });
  });
});

describe('plans and dollars (platforms.md §2)', () => {
  const actions = (n: number, runsPerMonth: number): Flow => {
    const specs: Spec[] = [['t', 'trigger']];
    for (let i = 0; i < n; i++) specs.push([`a${i}`, 'action']);
    return flowOf(specs, chain(...specs.map((s) => s[0])), { runsPerMonth });
  };

  it('the cheapest plan that covers the month; Pro and Teams cover no more than Core, so Core is chosen', () => {
    // 4 Make credits a run (trigger + 3 actions), 3 Zapier tasks.
    const small = comparePlatforms(actions(3, 200));
    expect(small.platforms.make.planName).toBe('Free');
    expect(small.platforms.make.dollarsPerMonth).toBe(0);
    expect(small.platforms.zapier.planName).toBe('Professional');
    expect(small.platforms.zapier.dollarsPerMonth).toBe(29.99);
    expect(small.platforms.n8n.planName).toBe('Starter');
    const larger = comparePlatforms(actions(3, 2000));
    expect(larger.platforms.make.planName).toBe('Core');
    expect(larger.platforms.make.dollarsPerMonth).toBe(10.59);
  });

  it('a month exactly at a plan’s units is covered by it', () => {
    const c = comparePlatforms(actions(3, 250)); // Make: 1,000 credits exactly
    expect(c.platforms.make.perMonth).toBe(1000);
    expect(c.platforms.make.planName).toBe('Free');
  });

  it('beyond the largest plan: pro rata on it, and flagged', () => {
    const c = comparePlatforms(actions(3, 10_000)); // Make 40,000 credits; Zapier 30,000 tasks
    expect(c.platforms.make.beyondLargestPlan).toBe(true);
    close(c.platforms.make.dollarsPerMonth, (40_000 * 10.59) / 10_000);
    close(c.platforms.zapier.dollarsPerMonth, (30_000 * 103.5) / 2_000);
    expect(c.platforms.n8n.beyondLargestPlan).toBe(false);
    expect(c.platforms.n8n.planName).toBe('Pro'); // 10,000 executions: exactly Pro's
  });

  it('Altan dollars are credits × dollars per credit of the flow’s rate card', () => {
    const flow = actions(3, 1000);
    flow.settings.rateCard = { dollarsPerCredit: 0.01 };
    const c = comparePlatforms(flow);
    close(c.platforms.altan.dollarsPerMonth, priceFlow(flow).perMonth * 0.01);
    expect(c.platforms.altan.plan).toBeNull();
  });

  it('a flow’s own platform table replaces the defaults it names, and the cheapest platform follows', () => {
    const flow = actions(3, 200);
    flow.settings.platforms = { zapier: { plans: [{ name: 'Cheap', monthlyUnits: 1_000_000, monthlyPrice: 0 }] } };
    const c = comparePlatforms(flow);
    expect(c.platforms.zapier.planName).toBe('Cheap');
    expect(c.platforms.make.planName).toBe('Free');
    expect(c.cheapest).toBe('make'); // a tie at $0: the first listed wins
    expect(c.table.make).toEqual(DEFAULT_PLATFORM_TABLE.make);
  });

  it('dollars per 1,000 runs; none when the month has no runs', () => {
    const c = comparePlatforms(actions(3, 2000));
    close(c.platforms.n8n.dollarsPer1000Runs!, (26 / 2000) * 1000);
    expect(comparePlatforms(actions(3, 0)).platforms.n8n.dollarsPer1000Runs).toBeNull();
  });
});

describe('with simulated runs', () => {
  it('per month is P50 and P90 of runs per month × mean units per run; plans are chosen on P90', () => {
    const runsPerMonth = { min: 100, likely: 200, max: 3000 };
    const flow = flowOf([['t', 'trigger'], ['i', 'iterator', { iterations: { min: 1, likely: 2, max: 6 } }], ['a', 'action']], chain('t', 'i', 'a'), {
      runsPerMonth,
    });
    const sim = simulate(flow, { samples: 2000, seed: 3 });
    const c = comparePlatforms(flow, { simulation: sim });
    expect(c.simulated).toBe(true);
    // Mean iterations (1 + 2 + 6) / 3 = 3: Make 1 + 1 + 3, Zapier 3.
    close(c.platforms.make.perRun, 5);
    close(c.platforms.zapier.perRun, 3);
    close(c.platforms.make.perMonth, 5 * triangularQuantile(runsPerMonth, 0.5));
    close(c.platforms.make.perMonthP90!, 5 * triangularQuantile(runsPerMonth, 0.9));
    expect(c.platforms.altan.perRun).toBe(sim.mean);
    expect(c.platforms.altan.perMonth).toBe(sim.perMonth.p50);
    expect(c.platforms.altan.perMonthP90).toBe(sim.perMonth.p90);
    // Zapier P90 ≈ 3 × 2,133 tasks is beyond Team's 2,000: pro rata on P90.
    expect(c.platforms.zapier.beyondLargestPlan).toBe(true);
    close(c.platforms.zapier.dollarsPerMonth, c.platforms.zapier.perMonthP90! * (103.5 / 2000));
  });

  it('a failure rate given as a range counts at its mean on both sides of a failing module (Zapier)', () => {
    // φ of a: (0 + 0.1 + 0.3) / 3 = 0.1333. Zapier counts a's successes, 1 − φ = 0.8667, and c runs
    // only after a success, 0.8667 times: 1.7333 tasks. Before, a's successes took φ's likely 0.1
    // (0.9) beside c's mean count: 1.7667.
    const flow: Flow = {
      ...flowOf([['t', 'trigger'], ['a', 'ai_agent', { failureRate: { min: 0, likely: 0.1, max: 0.3 } }], ['c', 'code']], chain('t', 'a', 'c'), { runsPerMonth: 100 }),
      version: 3,
    };
    const c = comparePlatforms(flow, { simulation: simulate(flow, { samples: 500, seed: 1 }) });
    const phi = (0 + 0.1 + 0.3) / 3;
    close(c.platforms.zapier.perRun, 2 * (1 - phi));
  });

  it('an exclusive router whose route ranges can share more than 100 % never sends more than the bundle it got', () => {
    // Each run takes exactly one of a, b, c: Zapier counts 1 task a run, Make 2 credits (trigger + one).
    // At their means the routes share 2/3 + 1/2 > 1; the simulation's uniform draw gives the second
    // route only what the first leaves, 1/3 on average, and the fallback nothing. Before, Zapier said
    // 1.1667 tasks a run and Make 2.1667 credits.
    const flow: Flow = flowOf(
      [['t', 'trigger'], ['r', 'router', undefined, { mode: 'exclusive' }], ['a', 'action'], ['b', 'action'], ['c', 'code', { durationSec: 0.1 }]],
      [
        { source: 't', target: 'r' },
        { source: 'r', target: 'a', route: { priority: 2, passRate: { min: 0.5, likely: 0.5, max: 1 }, fallback: false } },
        { source: 'r', target: 'b', route: { priority: 3, passRate: { min: 0.5, likely: 0.5, max: 0.5 }, fallback: false } },
        { source: 'r', target: 'c', route: { priority: 1, passRate: 0, fallback: true } },
      ],
      { runsPerMonth: 100 },
    );
    const sim = simulate(flow, { samples: 4000, seed: 2 });
    const c = comparePlatforms(flow, { simulation: sim });
    close(c.platforms.zapier.perRun, 1);
    close(c.platforms.make.perRun, 2);
    // The walk agrees: a runs in 2/3 of the runs, b in 1/3, c never (credits per execution are 1 + T).
    const perExecution = 1 + Math.log2(1 + 1 / 10);
    const mean = (id: string) => sim.nodes.find((n) => n.id === id)!.mean / perExecution;
    expect(Math.abs(mean('a') - 2 / 3)).toBeLessThan(0.03);
    expect(Math.abs(mean('b') - 1 / 3)).toBeLessThan(0.03);
    expect(sim.nodes.find((n) => n.id === 'c')!.mean).toBe(0);
  });

  it('the triangular quantile is exact: the median of (0, 0, 1) is 1 − √½', () => {
    close(triangularQuantile({ min: 0, likely: 0, max: 1 }, 0.5), 1 - Math.sqrt(0.5));
    close(triangularQuantile({ min: 0, likely: 1, max: 1 }, 0.5), Math.sqrt(0.5));
    expect(triangularQuantile({ min: 5, likely: 5, max: 5 }, 0.9)).toBe(5);
  });
});
