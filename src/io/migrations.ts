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

export { CURRENT_VERSION };

export type RawFlow = Record<string, unknown>;

export interface Migration {
  from: number;
  to: number;
  /** What the step changes, in a sentence, for the notice shown after an import. */
  description: string;
  migrate(raw: RawFlow): RawFlow;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    to: 2,
    description: 'Version 2 allows ranges, scenarios and a budget; nothing else changes.',
    migrate: (raw) => ({ ...raw, version: 2 }),
  },
  {
    from: 2,
    to: 3,
    description: 'Version 3 allows error branches, failure rates, paged searches and trigger schedules; nothing else changes.',
    migrate: (raw) => ({ ...raw, version: 3 }),
  },
];

export type MigrationResult = { ok: true; value: RawFlow } | { ok: false; message: string };

/** The message for a file newer than this program. */
export function newerVersionMessage(version: number): string {
  return `This file is version ${version}; this Creditflow reads versions up to ${CURRENT_VERSION}. Update Creditflow to open it.`;
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
