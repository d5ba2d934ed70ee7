/**
 * The import report: what became of every node of the source file, every repair the importer
 * made so the flow fits Creditflow's structural rules, and every number it did not find in the
 * source (those take the kinds' defaults). Pure data, readable by people and by the CLI.
 */
import type { ModuleType } from '../../model/types';

export const SOURCE_FORMATS = ['altan', 'n8n', 'make'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Each source format as people name it. */
export const SOURCE_FORMAT_NAMES: Record<SourceFormat, string> = { altan: 'Altan flow', n8n: 'n8n workflow', make: 'Make scenario' };

/** A source node that became a module. `source` is the n8n node's name, or the Altan/Make module id as text. */
export interface MappedEntry {
  source: string;
  id: string;
  kind: ModuleType;
  name: string;
}

/** A source node that is not a module of its own, and why ("sticky note", "folded into agent 'Bot'"). */
export interface DroppedEntry {
  source: string;
  reason: string;
}

export const REPAIR_KINDS = [
  'trigger-added',
  'second-trigger',
  'router-inserted',
  'octopus-inserted',
  'iterator-inserted',
  'cycle-edge-dropped',
  'missing-target-ignored',
  'edge-into-trigger-dropped',
  'duplicate-edge-dropped',
  'error-edge-dropped',
  'filter-changed',
  'route-changed',
  'aggregator-changed',
] as const;
export type RepairKind = (typeof REPAIR_KINDS)[number];

/** One change the importer made to fit the structural rules; `moduleId`/`edgeId` name what it made or changed. */
export interface Repair {
  kind: RepairKind;
  message: string;
  moduleId?: string;
  edgeId?: string;
}

/** Something true of a source node that the flow only approximates or does not price ("retries up to 2 times"). */
export interface ImportNote {
  source: string;
  message: string;
}

/** Numbers the source does not say, which therefore take defaults: a module's assumptions, or an edge's pass rate. */
export interface DefaultsEntry {
  moduleId?: string;
  edgeId?: string;
  keys: string[];
}

export interface ImportReport {
  format: SourceFormat;
  /** The source file's own name for the flow, when it has one. */
  name: string;
  modules: MappedEntry[];
  dropped: DroppedEntry[];
  repairs: Repair[];
  notes: ImportNote[];
  defaults: DefaultsEntry[];
  /** True when modules lacked positions or sat on one spot: lay the flow out (elkjs) before the first paint. */
  needsLayout: boolean;
  /** Why a layout is needed, in words, when it is. */
  layoutReason?: string;
}

/** The report's lines for the CLI's `"source"` object (issue 14). */
export function reportSummary(report: ImportReport): {
  format: SourceFormat;
  modules: { source: string; id: string; kind: ModuleType }[];
  dropped: DroppedEntry[];
  repairs: Repair[];
} {
  return {
    format: report.format,
    modules: report.modules.map(({ source, id, kind }) => ({ source, id, kind })),
    dropped: report.dropped,
    repairs: report.repairs,
  };
}
