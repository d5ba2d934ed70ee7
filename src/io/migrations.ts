/**
 * Numbered migrations of the flow file. Each step takes a file of version `from` (already
 * checked against that version's schema) and returns one of version `to`. A file is brought
 * to CURRENT_VERSION one step at a time; a newer file is refused, never guessed at.
 *
 * - 1 → 2: version 2 adds ranges { min, likely, max } for assumptions, pass rates and
 *   runsPerMonth, `scenarios` and `settings.budget`; every version 1 file is a valid version 2
 *   file, so the step only sets the version.
 * - 2 → 3: version 3 adds error edges (`error: true`), the assumptions `failureRate` and `pages`
 *   and a trigger's `config.schedule` (cost-model.md §7); a version 2 file has none of them, so
 *   every number stays as it was and the step only sets the version.
 *
 * The current version itself is io/fileVersion.ts's (the first download needs it, not these steps).
 */

import { CURRENT_VERSION } from './fileVersion';
import { isPlainObject as isRecord } from './fieldChecks';

export { CURRENT_VERSION };

export type RawFlow = Record<string, unknown>;

/** A place in a file of an older version where a name sits that a later version reads. */
export interface LaterName {
  path: (string | number)[];
  /** What the later version reads there, as a phrase: "a failure rate". */
  meaning: string;
}

export interface Migration {
  from: number;
  to: number;
  /** What the step changes, in a sentence, for the notice shown after an import. */
  description: string;
  migrate(raw: RawFlow): RawFlow;
  /**
   * The names version `to` reads that a file of version `from` may already hold as unknown fields,
   * where this file holds them. The step keeps them as they are, so once migrated they are read
   * with version `to`'s meaning; the reader says so (a warning), or names the version when the
   * value does not fit that meaning.
   */
  laterNames?(raw: RawFlow): LaterName[];
}

const has = (o: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** The later names of version 3: failure rates, pages, error edges and a trigger's schedule, also in scenarios. */
function version3Names(raw: RawFlow): LaterName[] {
  const found: LaterName[] = [];
  const assumptions = (a: unknown, at: (string | number)[]) => {
    if (!isRecord(a)) return;
    if (has(a, 'failureRate')) found.push({ path: [...at, 'failureRate'], meaning: 'the share of executions that fail' });
    if (has(a, 'pages')) found.push({ path: [...at, 'pages'], meaning: "a search's pages per execution" });
  };
  if (Array.isArray(raw.modules))
    raw.modules.forEach((m: unknown, i) => {
      if (!isRecord(m)) return;
      assumptions(m.assumptions, ['modules', i, 'assumptions']);
      if (m.type === 'trigger' && isRecord(m.config) && has(m.config, 'schedule'))
        found.push({ path: ['modules', i, 'config', 'schedule'], meaning: "the trigger's schedule, which gives the runs per month when settings.runsPerMonth is absent" });
    });
  if (Array.isArray(raw.edges))
    raw.edges.forEach((e: unknown, i) => {
      if (isRecord(e) && has(e, 'error')) found.push({ path: ['edges', i, 'error'], meaning: 'whether the edge is the error branch, taken by the executions that fail' });
    });
  if (Array.isArray(raw.scenarios))
    raw.scenarios.forEach((sc: unknown, i) => {
      const modules = isRecord(sc) && isRecord(sc.overrides) ? sc.overrides.modules : undefined;
      if (isRecord(modules)) for (const id of Object.keys(modules)) assumptions(modules[id], ['scenarios', i, 'overrides', 'modules', id]);
    });
  return found;
}

/** The later names of version 2: a budget and a platform table (scenarios a version 1 file's own schema reads). */
function version2Names(raw: RawFlow): LaterName[] {
  const found: LaterName[] = [];
  if (isRecord(raw.settings)) {
    if (has(raw.settings, 'budget')) found.push({ path: ['settings', 'budget'], meaning: 'a monthly budget' });
    if (has(raw.settings, 'platforms')) found.push({ path: ['settings', 'platforms'], meaning: 'figures of the platform table' });
  }
  return found;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    to: 2,
    description: 'Version 2 allows ranges, scenarios and a budget; nothing else changes.',
    migrate: (raw) => ({ ...raw, version: 2 }),
    laterNames: version2Names,
  },
  {
    from: 2,
    to: 3,
    description: 'Version 3 allows error branches, failure rates, paged searches and trigger schedules; nothing else changes.',
    migrate: (raw) => ({ ...raw, version: 3 }),
    laterNames: version3Names,
  },
];

export type MigrationResult = { ok: true; value: RawFlow } | { ok: false; message: string };

/** The message for a file newer than this program. */
export function newerVersionMessage(version: number): string {
  return `This file is version ${version}; this Creditflow reads versions up to ${CURRENT_VERSION}. Update Creditflow to open it.`;
}

/** The names later versions read that a file of `version` holds, each with the version that reads it. */
export function laterNamesOf(raw: RawFlow, version: number, migrations: readonly Migration[] = MIGRATIONS): (LaterName & { version: number })[] {
  return migrations
    .filter((m) => m.from >= version && m.laterNames)
    .flatMap((m) => m.laterNames!(raw).map((name) => ({ ...name, version: m.to })));
}

/** Runs the chain from the file's version up to CURRENT_VERSION. */
export function migrate(raw: RawFlow, version: number, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  if (version > CURRENT_VERSION) return { ok: false, message: newerVersionMessage(version) };
  let value = raw;
  let at = version;
  while (at < CURRENT_VERSION) {
    const step = migrations.find((m) => m.from === at);
    if (!step) return { ok: false, message: `No migration from version ${at}; this file cannot be opened.` };
    value = step.migrate(value);
    if (value.version !== step.to) value = { ...value, version: step.to };
    at = step.to;
  }
  return { ok: true, value };
}
