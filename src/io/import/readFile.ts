/**
 * Opening a flow file, from its bytes to an ImportResult, in one function the app's import
 * worker, its main-thread fallback and the tests share: the size cap (checked before anything
 * is read), the bytes read in chunks with progress, decoded as the command line decodes them
 * (UTF-8 / UTF-16, `decodeFlowBytes`), then `importText` (any of the four formats, migrations,
 * limits). Never throws: every refusal is a located FileError.
 */
import { decodeFlowBytes, fileTooLarge } from '../decode';
import type { FileError } from '../parse';
import { importText, readCreditflowText, type ImportOptions, type ImportResult } from './index';

/** The part of a Blob (a picked or dropped File) the reader uses. */
export interface BlobLike {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
  /** Present on real Blobs: the file is then read a chunk at a time, with progress. */
  slice?(start: number, end: number): BlobLike;
}

/**
 * Where an import is: reading the bytes (loaded of total), reading the flow in them, (in the
 * import worker) finding the problems of the flow read (total: its modules), or, on the page,
 * opening the flow read (total: its modules; importClient.ts `beginOpening`).
 */
export type ImportStage = 'reading' | 'parsing' | 'checking' | 'opening';

export interface ImportProgress {
  stage: ImportStage;
  /** Bytes read so far, and the file's size. */
  loaded: number;
  total: number;
}

export interface ReadFileOptions extends ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Bytes per read (default 1 MiB). */
  chunkBytes?: number;
  /**
   * 'creditflow': the text is a Creditflow file the app wrote (a library entry's), read by parseFlow
   * alone (`readCreditflowText`) as the library reads it, not detected among the four formats.
   */
  as?: 'creditflow';
}

export type BytesResult = { ok: true; bytes: Uint8Array } | { ok: false; errors: FileError[] };

const CANNOT_READ: FileError = { path: '', message: 'The file could not be read.' };

/** Reads a file's bytes after checking its size, so a file above the cap is refused unread. */
export async function readFileBytes(file: BlobLike, options: ReadFileOptions = {}): Promise<BytesResult> {
  const tooBig = fileTooLarge(file.size);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const { onProgress, chunkBytes = 1024 * 1024 } = options;
  const total = file.size;
  try {
    if (!file.slice || total <= chunkBytes) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      onProgress?.({ stage: 'reading', loaded: bytes.length, total });
      return { ok: true, bytes };
    }
    const bytes = new Uint8Array(total);
    for (let start = 0; start < total; start += chunkBytes) {
      const chunk = new Uint8Array(await file.slice(start, Math.min(total, start + chunkBytes)).arrayBuffer());
      bytes.set(chunk.subarray(0, total - start), start);
      onProgress?.({ stage: 'reading', loaded: start + chunk.length, total });
    }
    return { ok: true, bytes };
  } catch {
    return { ok: false, errors: [CANNOT_READ] };
  }
}

/** A text imported (`importText`), or read as a Creditflow file alone (`as: 'creditflow'`). */
function readText(text: string, options: Pick<ReadFileOptions, 'fileName' | 'as'>): ImportResult {
  if (options.as === 'creditflow') return readCreditflowText(text);
  return importText(text, options.fileName === undefined ? {} : { fileName: options.fileName });
}

/** Decodes a file's bytes and imports the text (`importText`; `as: 'creditflow'`: parseFlow alone). */
export function importBytes(bytes: Uint8Array, options: Pick<ReadFileOptions, 'fileName' | 'as'> = {}): ImportResult {
  const decoded = decodeFlowBytes(bytes);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  return readText(decoded.text, options);
}

/** A picked or dropped file (or a text), read, decoded and imported, with progress by stage. */
export async function importSource(source: BlobLike | string, options: ReadFileOptions = {}): Promise<ImportResult> {
  const textOptions = { ...(options.fileName === undefined ? {} : { fileName: options.fileName }), ...(options.as === undefined ? {} : { as: options.as }) };
  if (typeof source === 'string') {
    options.onProgress?.({ stage: 'parsing', loaded: source.length, total: source.length });
    return readText(source, textOptions);
  }
  const read = await readFileBytes(source, options);
  if (!read.ok) return read;
  options.onProgress?.({ stage: 'parsing', loaded: read.bytes.length, total: source.size });
  return importBytes(read.bytes, textOptions);
}
