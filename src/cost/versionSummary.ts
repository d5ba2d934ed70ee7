/**
 * What the versions list shows of each version of a flow (File › Versions): its credits, and what
 * changed since the version before it (the diff engine's summary). One walk, oldest first: each
 * version is parsed and priced once, its price serving both diffs it is part of. The same code runs
 * on the page for small versions (store/library.ts `listVersions`) and in the import worker for
 * large ones (workers/import.worker.ts, a "versions" request), so both say the same.
 */
import type { Flow } from '../model/types';
import { priceFlow } from './price';
import type { FlowCost } from './types';
import { diffFlows } from './diff';
import { summarizeDiff } from './diffSummary';
import { parseFlow } from '../io/parse';

/** One version's row figures. `problem`: why its flow cannot be read (its other figures are then as stored). */
export interface VersionSummary {
  total: number | null;
  perMonth: number | null;
  /** "+2 modules: +1,240 credits/month (+8.1 %)"; "first version"; "cannot be read". */
  change: string;
  deltaPerMonth: number | null;
  problem?: string;
}

/** A version to summarise: its text (or why it could not be read), its name for messages, its credits as stored. */
export interface VersionInput {
  text: string | { problem: string };
  /** Names the version in a message: "Version “Before the sync”". */
  what: string;
  total: number | null;
  perMonth: number | null;
}

/** A flow's price, or null when the engine cannot price it. */
function priceOrNull(flow: Flow): FlowCost | null {
  try {
    return priceFlow(flow);
  } catch {
    return null;
  }
}

const finiteOrNull = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : null);

/** Summarises versions given oldest first, one call a version; `after` reads one only as the version before the next. */
export interface VersionSummarizer {
  (input: VersionInput): VersionSummary;
  /**
   * Reads a version whose summary is known already only as the one the next is compared with
   * (parsed, priced only if the next's diff needs it): the versions list summarises again only the
   * new versions (store/library.ts). A text that cannot be read is passed over, as a call does.
   */
  after(text: VersionInput['text']): void;
}

/**
 * A summariser of a flow's versions given oldest first, one call a version: a version kept without
 * its credits gets them from its price. A version priced only when needed (its credits missing, or a diff).
 */
export function versionSummarizer(): VersionSummarizer {
  let previous: { flow: Flow; cost: () => FlowCost | null } | null = null;
  const after = (text: VersionInput['text']): void => {
    if (typeof text !== 'string') return;
    const parsed = parseFlow(text);
    if (!parsed.ok) return;
    const flow = parsed.value;
    let priced: { cost: FlowCost | null } | null = null;
    previous = { flow, cost: () => (priced ??= { cost: priceOrNull(flow) }).cost };
  };
  const summarize = ({ text, what, total, perMonth }: VersionInput): VersionSummary => {
    if (typeof text !== 'string') return { total, perMonth, change: 'cannot be read', deltaPerMonth: null, problem: text.problem };
    const parsed = parseFlow(text);
    if (!parsed.ok) {
      return { total, perMonth, change: 'cannot be read', deltaPerMonth: null, problem: `${what} cannot be read: ${parsed.errors[0]?.message ?? 'it cannot be read'}` };
    }
    const flow = parsed.value;
    let priced: { cost: FlowCost | null } | null = null;
    const cost = () => (priced ??= { cost: priceOrNull(flow) }).cost;
    const summary: VersionSummary = {
      total: total ?? finiteOrNull(cost()?.total),
      perMonth: perMonth ?? finiteOrNull(cost()?.perMonth),
      change: 'first version',
      deltaPerMonth: null,
    };
    if (previous !== null) {
      const before = previous.cost();
      const after = cost();
      const diff = diffFlows(previous.flow, flow, { ...(before ? { beforeCost: before } : {}), ...(after ? { afterCost: after } : {}) });
      summary.change = summarizeDiff(diff);
      summary.deltaPerMonth = Number.isFinite(diff.delta.perMonth) ? diff.delta.perMonth : null;
    }
    previous = { flow, cost };
    return summary;
  };
  return Object.assign(summarize, { after });
}
