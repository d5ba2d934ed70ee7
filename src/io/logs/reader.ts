/**
 * Reading an execution log of any supported format, detected from its content
 * (docs/calibration.md): the plain log as CSV with a header, as a JSON array of objects or as
 * JSON lines; Altan flow-execution records; n8n execution data. Text or bytes are pushed in
 * chunks; plain logs are read row by row as they arrive (a 100 MB CSV is never one string), the
 * two execution documents are read whole at the end (they are JSON documents, not row lists).
 * Rows that cannot be used are counted and reported; a text that is none of these formats is
 * refused with what was found.
 */
import type { Flow } from '../../model/types';
import { ExecutionLogBuilder, ModuleMatcher, type ExecutionLog, type ExecutionRow } from '../../model/executionLog';
import { CsvReader, fieldTexts } from './csv';
import { createCsvRowReader, type ColumnIndex } from './csvRow';
import { JsonArrayReader, JsonLinesReader, nonFiniteAsNull } from './jsonStream';
import { LogIssues, type LogIssueSummary } from './issues';
import { LOG_COLUMNS, REQUIRED_COLUMNS, readPlainRow, type LogColumn } from './plainRow';
import { altanExecutions, readAltanExecutions } from './altan';
import { n8nExecutions, n8nStoredAsText, readN8nExecutions } from './n8n';

export type LogFormat = 'csv' | 'json' | 'jsonl' | 'altan' | 'n8n';

export const LOG_FORMAT_LABELS: Record<LogFormat, string> = {
  csv: 'plain log (CSV)',
  json: 'plain log (JSON array)',
  jsonl: 'plain log (JSON lines)',
  altan: 'Altan execution records',
  n8n: 'n8n execution data',
};

export type LogReadResult =
  | { ok: true; format: LogFormat; log: ExecutionLog; issues: LogIssueSummary; skipped: number }
  | { ok: false; message: string };

export interface LogReaderOptions {
  /** Log module text → module id (e.g. n8n node names from the import report). */
  aliases?: ReadonlyMap<string, string>;
  /** Rows expected, to size the columns once (optional). */
  expectedRows?: number;
  /** The log's size in bytes, when known: once 1 MB is read the columns are sized for the whole log. */
  totalBytes?: number;
}

/** Bytes read before the rows of the whole log are estimated from `totalBytes`. */
const ESTIMATE_AFTER_BYTES = 1024 * 1024;

export interface LogReader {
  push(chunk: string | Uint8Array): void;
  /** The text has ended: the log, or why the text is not a log. */
  end(): LogReadResult;
  /** Rows read so far (for a progress bar). */
  readonly rows: number;
}

/** How much text is looked at before deciding what a log is. */
const SNIFF_LIMIT = 64 * 1024;

const short = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
};

/** Reads a log pushed in chunks, matching its modules to `flow`. */
export function createLogReader(flow: Pick<Flow, 'modules'> & { edges?: Flow['edges'] }, options: LogReaderOptions = {}): LogReader {
  const matcher = new ModuleMatcher(flow, options.aliases);
  const builder = new ExecutionLogBuilder(flow.modules.length, options.expectedRows);
  const issues = new LogIssues();
  const add = (row: ExecutionRow | null) => {
    if (row) builder.add(row);
  };
  const decoder = new TextDecoder('utf-8');
  let sniffed = '';
  let format: LogFormat | 'document' | undefined;
  let refused: string | undefined;
  /** The JSON row reader (json, jsonl), or the CSV reader (csv, read from bytes). */
  let target: { push(text: string): void; end(): void } | undefined;
  let csv: CsvReader | undefined;
  /** The bytes (or texts) pushed before the format was decided, for the CSV reader. */
  let sniffedChunks: (Uint8Array | string)[] = [];
  const documentParts: string[] = [];
  let bytesRead = 0;

  // A JSON array's element is located by its line and its index: a minified array is all on line 1.
  const at = (line: number, index?: number) => (index === undefined ? { line } : { line, path: `[${index}]` });
  const objectRow = (value: unknown, line: number, index?: number) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.add({ kind: 'bad-row', ...at(line, index), message: 'a row must be a JSON object' });
      return;
    }
    const o = value as Record<string, unknown>;
    add(readPlainRow((c) => o[c], matcher, issues, at(line, index)));
  };
  const badRow = (line: number, message: string, index?: number) => issues.add({ kind: 'bad-row', ...at(line, index), message });

  const startCsv = (headerLine: string): string | undefined => {
    let headerFields: string[] = [];
    const probe = new CsvReader((fields) => {
      if (headerFields.length === 0) headerFields = fieldTexts(fields);
    });
    probe.push(headerLine);
    probe.end();
    const index: Partial<Record<LogColumn, number>> = {};
    const byLowerName = new Map(LOG_COLUMNS.map((c) => [c.toLowerCase(), c]));
    headerFields.forEach((f, i) => {
      const c = byLowerName.get(f.trim().toLowerCase());
      if (c !== undefined && index[c] === undefined) index[c] = i;
    });
    const missing = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
    if (missing.length > 0) {
      return index.run === undefined || index.module === undefined
        ? `this is not an execution log: its first line is '${short(headerLine)}'; a log is a CSV with the columns ${REQUIRED_COLUMNS.join(', ')} (JSON rows with those keys, Altan execution records or n8n execution data also work)`
        : `the log's header has no column ${missing.map((c) => `'${c}'`).join(', ')} (it has ${headerFields.map((f) => `'${f.trim()}'`).join(', ')}); every row needs ${REQUIRED_COLUMNS.join(', ')}`;
    }
    let header = true;
    let fields: string[] = [];
    const get = (c: LogColumn) => {
      const i = index[c];
      return i === undefined ? undefined : fields[i];
    };
    const at = Object.fromEntries(LOG_COLUMNS.map((c) => [c, index[c] ?? -1])) as ColumnIndex;
    const addRow = createCsvRowReader(at, matcher, builder);
    csv = new CsvReader((record, line, malformed) => {
      if (header) {
        header = false;
        return;
      }
      if (malformed?.kind === 'unclosed') {
        badRow(line, 'a quote (") opens a value that is never closed; the row ends at its line break');
        return;
      }
      if (malformed) {
        const closed = malformed.closeLine === line ? 'its closing quote' : `the quote that closes it (line ${malformed.closeLine})`;
        badRow(line, `a quote (") opens a value, and ${closed} is followed by ${malformed.next.length === 1 ? JSON.stringify(malformed.next) : malformed.next}, not by a comma or a line break; the row ends at its line break`);
        return;
      }
      if (addRow(record)) return;
      // Something to report: the full check says what.
      fields = fieldTexts(record);
      if (fields.length === 1 && fields[0] === '') return;
      add(readPlainRow(get, matcher, issues, { line }));
    });
    format = 'csv';
    return undefined;
  };

  /** Decides the format from the text seen so far; false when more text is needed. */
  const decide = (final: boolean): boolean => {
    const text = sniffed.charCodeAt(0) === 0xfeff ? sniffed.slice(1) : sniffed;
    const start = text.search(/\S/);
    if (start === -1) {
      if (final) refused = 'the log is empty';
      return final;
    }
    const first = text[start]!;
    const lineEnd = text.slice(start).search(/[\r\n]/);
    const firstLine = lineEnd === -1 ? text.slice(start) : text.slice(start, start + lineEnd);
    if (first === '[') {
      // An array: rows of the plain log, or execution documents. Decided by its first element.
      const probeElements: unknown[] = [];
      const probe = new JsonArrayReader((v) => probeElements.push(v), () => {});
      probe.push(text);
      if (probeElements.length === 0 && !final && text.length < SNIFF_LIMIT) return false;
      const e = probeElements[0];
      if (typeof e === 'object' && e !== null && !Array.isArray(e) && 'run' in e && 'module' in e) {
        format = 'json';
        target = new JsonArrayReader(objectRow, badRow);
      } else format = 'document';
      return true;
    }
    if (first === '{') {
      if (lineEnd === -1 && !final && text.length < SNIFF_LIMIT) return false;
      let value: unknown;
      try {
        value = JSON.parse(firstLine);
      } catch {
        value = undefined;
      }
      if (typeof value === 'object' && value !== null && 'run' in value && 'module' in value) {
        format = 'jsonl';
        target = new JsonLinesReader(objectRow, badRow);
      } else format = 'document';
      return true;
    }
    if (lineEnd === -1 && !final && text.length < SNIFF_LIMIT) return false;
    refused = startCsv(firstLine);
    return true;
  };

  /** Hands the text (or bytes) seen while sniffing to the reader of the decided format. */
  const startReading = () => {
    if (csv) for (const chunk of sniffedChunks) csv.push(chunk);
    else if (format === 'document') documentParts.push(sniffed);
    else target!.push(sniffed);
    sniffed = '';
    sniffedChunks = [];
  };

  return {
    get rows() {
      return builder.rows;
    },
    push(chunk) {
      if (refused) return;
      if (options.totalBytes !== undefined && bytesRead < ESTIMATE_AFTER_BYTES) {
        bytesRead += chunk.length;
        // Rows per byte so far, over the whole size (a few percent more): one allocation instead of doublings.
        if (bytesRead >= ESTIMATE_AFTER_BYTES && builder.rows > 0 && options.totalBytes > 2 * bytesRead) builder.reserve((builder.rows / bytesRead) * options.totalBytes * 1.05);
      }
      if (csv) {
        csv.push(chunk);
        return;
      }
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (format === undefined) {
        // The pushed buffer may be reused by the caller: a copy is kept.
        sniffedChunks.push(typeof chunk === 'string' ? chunk : chunk.slice());
        sniffed += text;
        if (decide(false) && !refused) startReading();
      } else if (format === 'document') documentParts.push(text);
      else target!.push(text);
    },
    end() {
      if (format === undefined && !refused) {
        sniffed += decoder.decode();
        decide(true);
        if (!refused && format !== undefined) startReading();
      } else if (!csv && !refused) {
        const rest = decoder.decode();
        if (format === 'document') documentParts.push(rest);
        else target?.push(rest);
      }
      if (refused) return { ok: false, message: refused };
      let detected = format as LogFormat | 'document';
      if (detected === 'document') {
        let doc: unknown;
        const whole = documentParts.join('');
        const text = whole.charCodeAt(0) === 0xfeff ? whole.slice(1) : whole;
        try {
          doc = JSON.parse(text);
        } catch (error) {
          // NaN and Infinity, as Python writes them (Altan's records carry them), read as null; else refused.
          const tolerant = nonFiniteAsNull(text);
          try {
            if (tolerant === undefined) throw error;
            doc = JSON.parse(tolerant);
          } catch {
            return { ok: false, message: `this is not an execution log: it starts like JSON but is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
          }
        }
        const n8n = n8nExecutions(doc);
        const altan = n8n ? undefined : altanExecutions(doc);
        if (n8n) {
          detected = 'n8n';
          readN8nExecutions(n8n, matcher, issues, (row) => builder.add(row));
        } else if (altan) {
          detected = 'altan';
          readAltanExecutions(altan, matcher, issues, (row) => builder.add(row));
        } else {
          if (Array.isArray(doc) && doc.length === 0) return { ok: false, message: 'the log is an empty list: it holds no rows; nothing to calibrate from' };
          const listed = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as { executions?: unknown }).executions : undefined;
          const items = typeof listed === 'object' && listed !== null && !Array.isArray(listed) ? (listed as { items?: unknown }).items : listed;
          if (Array.isArray(items) && items.length === 0) return { ok: false, message: 'these Altan execution records hold no executions; nothing to calibrate from' };
          const n8nList = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as { data?: unknown }).data : undefined;
          if (Array.isArray(n8nList) && n8nList.length === 0) return { ok: false, message: "this list of n8n executions ({ \"data\": [] }) holds none; nothing to calibrate from" };
          if (n8nStoredAsText(doc)) {
            return {
              ok: false,
              message:
                "this n8n execution holds its data as text (n8n's stored form), not as data.resultData.runData; fetch it from n8n's public API (GET /api/v1/executions/{id}?includeData=true), which gives it as JSON",
            };
          }
          const keys = typeof doc === 'object' && doc !== null ? Object.keys(Array.isArray(doc) ? (doc[0] ?? {}) : doc).slice(0, 8) : [];
          return {
            ok: false,
            message: `this is not an execution log: a JSON ${Array.isArray(doc) ? 'array whose first element has' : 'object with'} ${
              keys.length > 0 ? `the keys ${keys.map((k) => `'${k}'`).join(', ')}` : 'no keys'
            }; expected rows with run and module, Altan execution records (modules) or n8n execution data (data.resultData.runData)`,
          };
        }
      } else (csv ?? target!).end();
      const log = builder.build();
      const summary = issues.summary();
      return { ok: true, format: detected, log, issues: summary, skipped: issues.total };
    },
  };
}

/** Reads a whole log text at once (tests, small logs). */
export function readLogText(flow: Pick<Flow, 'modules'>, text: string, options?: LogReaderOptions): LogReadResult {
  const reader = createLogReader(flow, options);
  reader.push(text);
  return reader.end();
}
