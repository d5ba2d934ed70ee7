/**
 * What a log reader could not use, row by row: counted per kind, the first few of each kind kept
 * with where they are (a line of a text log, a path in an execution document). Never fatal.
 */

export const LOG_ISSUE_KINDS = ['unknown-module', 'bad-number', 'missing-column', 'bad-value', 'bad-row'] as const;
export type LogIssueKind = (typeof LOG_ISSUE_KINDS)[number];

export interface LogIssue {
  kind: LogIssueKind;
  /** 1-based line of the row in a CSV or JSON text (where the row starts). */
  line?: number;
  /** Where in an execution document (Altan, n8n): `runData["Send mail"][2]`; or a JSON array's element, `[3]` (with its line). */
  path?: string;
  message: string;
}

export interface LogIssueSummary {
  /** Rows left out, per kind (every kind listed, 0 when none). */
  counts: Record<LogIssueKind, number>;
  /** The first `keep` issues of each kind, in the order they were found. */
  examples: LogIssue[];
  /** Rows of modules the flow does not have, per module text as the log writes it (first 100 names). */
  unknownModules: { module: string; rows: number }[];
}

/** How many issues of each kind are kept with their line. */
export const ISSUES_KEPT_PER_KIND = 20;
const UNKNOWN_NAMES_KEPT = 100;

/** Longest path kept whole in an issue (a deeply nested document's paths run to kilobytes). */
const PATH_SHOWN = 160;
/** A long path as its start and its end, which say where it is. */
const shortPath = (path: string): string => `${path.slice(0, 60)}…${path.slice(-(PATH_SHOWN - 61))}`;

export class LogIssues {
  private readonly counts: Record<LogIssueKind, number> = { 'unknown-module': 0, 'bad-number': 0, 'missing-column': 0, 'bad-value': 0, 'bad-row': 0 };
  private readonly examples: LogIssue[] = [];
  private readonly unknown = new Map<string, number>();

  constructor(private readonly keep = ISSUES_KEPT_PER_KIND) {}

  add(issue: LogIssue): void {
    if (this.counts[issue.kind]++ < this.keep) this.examples.push(issue.path !== undefined && issue.path.length > PATH_SHOWN ? { ...issue, path: shortPath(issue.path) } : issue);
  }

  unknownModule(module: string, where: Pick<LogIssue, 'line' | 'path'>, ambiguous = false): void {
    const rows = this.unknown.get(module);
    if (rows !== undefined) this.unknown.set(module, rows + 1);
    else if (this.unknown.size < UNKNOWN_NAMES_KEPT) this.unknown.set(module, 1);
    this.add({
      kind: 'unknown-module',
      ...where,
      message: ambiguous
        ? `module '${module}': several modules of the flow have this name and none has it as its id`
        : `module '${module}': the flow has no module with this id or name`,
    });
  }

  get total(): number {
    let n = 0;
    for (const k of LOG_ISSUE_KINDS) n += this.counts[k];
    return n;
  }

  summary(): LogIssueSummary {
    return {
      counts: { ...this.counts },
      examples: this.examples.slice(),
      unknownModules: [...this.unknown].map(([module, rows]) => ({ module, rows })),
    };
  }
}

/** `line 12: …`, `runData["x"][0]: …`, or for an element of a JSON array both, `line 1, [3]: …` */
export function formatLogIssue(issue: LogIssue): string {
  const where = issue.line !== undefined ? (issue.path !== undefined ? `line ${issue.line}, ${issue.path}` : `line ${issue.line}`) : issue.path ?? '';
  return where ? `${where}: ${issue.message}` : issue.message;
}
