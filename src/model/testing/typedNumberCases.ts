/**
 * What a typed text stores, per quantity, wherever a person types it (issue 13 item 4: one
 * reader, one table of rules). The app's fields (features/typedNumbers.test.tsx) and the CLI's
 * options (cli/args.test.ts) run every row through each place that takes the quantity: the same
 * text must store the same amount everywhere. `null`: refused, nothing stored.
 */
export type TypedRow = readonly [text: string, stored: number | null];

export const TYPED_NUMBERS = {
  /** A filter's or route's pass rate, shown in %: stored as a share. */
  passRate: [
    ['50', 0.5],
    ['50%', 0.5],
    ['50 %', 0.5],
    ['12.5 percent', 0.125],
    ['0.5', 0.005],
    ['150', null],
    ['2 KB', null],
  ],
  /** A module's failure rate, shown in %: stored as a share. */
  failureRate: [
    ['5', 0.05],
    ['5%', 0.05],
    ['0.5', 0.005],
    ['5 s', null],
  ],
  durationSec: [
    ['30', 30],
    ['30 s', 30],
    ['30sec', 30],
    ['1,500 seconds', 1500],
    ['30 KB', null],
    ['30%', null],
  ],
  runsPerMonth: [
    ['3000', 3000],
    ['3,000 runs', 3000],
    ['1 run', 1],
    ['3000 s', null],
  ],
  /** Any amount in credits: a module's extra credits, a rate card's base credits, a budget in credits. */
  credits: [
    ['2', 2],
    ['2 credits', 2],
    ['2 cr', 2],
    ['1,500 credits', 1500],
    ['2 KB', null],
    ['2%', null],
  ],
} as const satisfies Record<string, readonly TypedRow[]>;
