/**
 * The arithmetic of bench/compare.ts: figures of several rounds of two trees, their medians, ratio,
 * spread and verdict, and the markdown table of docs/performance.md.
 */
import { median, round } from './browser/measure';

/** Leaves of `npm run bench`'s JSON that are timings (ms); every other number is a fact of the work done. */
const TIMING_KEYS = new Set(['median', 'cpuMs', 'parseMedian', 'validateMedian']);
/** Timing leaves left out of the comparison: a single run's tail or best is too noisy to compare. */
const SKIPPED_KEYS = new Set(['p90', 'min']);

/** Splits a benchmark result into timing figures and facts, each keyed by its dotted path. */
export function flattenTimings(value: unknown, path = '', out = { timings: {} as Record<string, number>, facts: {} as Record<string, number> }) {
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flattenTimings(child, path ? `${path}.${key}` : key, out);
  } else if (typeof value === 'number') {
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (TIMING_KEYS.has(key)) out.timings[path] = value;
    else if (!SKIPPED_KEYS.has(key)) out.facts[path] = value;
  }
  return out;
}

export type Verdict = 'slower' | 'faster' | 'same';

export interface Comparison {
  figure: string;
  old: number;
  new: number;
  /** new / old. */
  ratio: number;
  /** Min and max over the rounds. */
  oldSpread: [number, number];
  newSpread: [number, number];
  verdict: Verdict;
}

/** Beyond noise: more than this much apart, and the two spreads do not overlap. */
export const NOISE_RATIO = 0.1;

function spread(values: number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

export function verdictOf(ratio: number, oldSpread: [number, number], newSpread: [number, number]): Verdict {
  if (ratio > 1 + NOISE_RATIO && newSpread[0] > oldSpread[1]) return 'slower';
  if (ratio < 1 - NOISE_RATIO && newSpread[1] < oldSpread[0]) return 'faster';
  return 'same';
}

/** Compares each figure present in both trees' rounds; lists the figures only one tree has. */
export function compareFigures(oldRounds: Record<string, number>[], newRounds: Record<string, number>[]) {
  const keysOf = (rounds: Record<string, number>[]) => [...new Set(rounds.flatMap((r) => Object.keys(r)))];
  const oldKeys = keysOf(oldRounds);
  const newKeys = keysOf(newRounds);
  const values = (rounds: Record<string, number>[], key: string) => rounds.map((r) => r[key]!).filter(Number.isFinite);
  const figures: Comparison[] = [];
  for (const figure of newKeys.filter((k) => oldKeys.includes(k))) {
    const before = values(oldRounds, figure);
    const after = values(newRounds, figure);
    if (before.length === 0 || after.length === 0) continue;
    const ratio = round(median(after) / median(before), 3);
    const oldSpread = spread(before);
    const newSpread = spread(after);
    figures.push({ figure, old: median(before), new: median(after), ratio, oldSpread, newSpread, verdict: verdictOf(ratio, oldSpread, newSpread) });
  }
  return { figures, onlyNew: newKeys.filter((k) => !oldKeys.includes(k)), onlyOld: oldKeys.filter((k) => !newKeys.includes(k)) };
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? String(Math.round(x)) : String(round(x, Math.abs(x) >= 10 ? 1 : 3)));

export function formatTable(figures: Comparison[]): string {
  const rows = figures.map(
    (c) => `| ${c.figure} | ${fmt(c.old)} | ${fmt(c.new)} | ×${c.ratio.toFixed(2)} | ${fmt(c.oldSpread[0])}–${fmt(c.oldSpread[1])} | ${fmt(c.newSpread[0])}–${fmt(c.newSpread[1])} | ${c.verdict} |`,
  );
  return ['| figure | old median | new median | ratio new/old | old spread | new spread | verdict |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}
