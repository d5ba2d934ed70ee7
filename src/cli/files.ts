/**
 * The command's access to the disk: a flow file's bytes, read with a byte limit.
 *
 * Only a regular file is read (after following links): a device (`/dev/zero`, `/dev/urandom`)
 * reports size 0 and never ends, a named pipe with no writer blocks forever, a folder has no
 * bytes. The file is opened without blocking and checked again on the open descriptor (it may
 * have been swapped since it was looked up), and never more than `maxBytes + 1` bytes are read,
 * even when the file grows while it is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { isatty } from 'node:tty';
import { joinBytes } from '../io/bytes';

export interface FileBytes {
  /** The size on disk when the file was opened. */
  size: number;
  /** At most maxBytes + 1 bytes; absent when `size` is already above maxBytes (nothing was read). */
  bytes?: Uint8Array;
}

export interface CliFiles {
  /**
   * Reads a flow file. Throws a Node file-system error (with `code`) when it cannot be read,
   * or a NotAFileError when the path is not a regular file.
   */
  read(path: string, maxBytes: number): FileBytes;
  /**
   * Reads a regular file in chunks (an execution log may be far larger than a flow file), handing
   * each chunk on (with the file's size) before the next is read. Same errors as `read`.
   */
  readChunks?(path: string, onChunk: (bytes: Uint8Array, fileSize: number) => void): void;
  /** Writes a text file (UTF-8), replacing it. */
  write?(path: string, text: string): void;
  /**
   * Reads standard input (the file `-`: `git show main:flow.json | cost - --json`) to its end, or to
   * maxBytes + 1 bytes. Throws a StdinIsTerminalError when standard input is a terminal (nothing was
   * piped in: the command would wait for typing).
   */
  readStdin?(maxBytes: number): FileBytes;
}

/** The file argument that means standard input, and how messages name it. */
export const STDIN_ARG = '-';
export const STDIN_NAME = '<stdin>';

/** How messages name a file argument: `<stdin>` for `-`, else the path as given. */
export const shownFileName = (file: string): string => (file === STDIN_ARG ? STDIN_NAME : file);

/** Standard input is a terminal: nothing was piped or redirected into the command. */
export class StdinIsTerminalError extends Error {
  readonly code = 'ESTDINTTY';
  constructor() {
    super('standard input is a terminal');
  }
}

/** What the path is when it is not a regular file, in the user's words. */
export class NotAFileError extends Error {
  readonly code = 'ENOTREGULAR';
  constructor(readonly kind: string) {
    super(`not a regular file: ${kind}`);
  }
}

function kindOf(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Reads to the end, or until `limit + 1` bytes (one more than the cap tells "grew past it" from "exactly at it"). */
function readAtMost(fd: number, size: number, limit: number): Uint8Array {
  let buffer = new Uint8Array(Math.min(size, limit) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) return buffer;
      // The file grew since it was opened: make room, never past limit + 1.
      const bigger = new Uint8Array(Math.min(buffer.length * 2, limit + 1));
      bigger.set(buffer);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) return buffer.subarray(0, length);
    length += n;
  }
}

/**
 * Opens `path` when it is a regular file (else a NotAFileError), looks again on the open descriptor,
 * hands the descriptor and its stats to `read`, and closes it whatever happens.
 */
function withRegularFile<T>(path: string, read: (fd: number, stats: Stats) => T): T {
  const before = kindOf(statSync(path)); // follows links: a link to /dev/zero is a device
  if (before) throw new NotAFileError(before);
  // O_NONBLOCK: should the path become a pipe between the two looks, opening it does not hang.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    const kind = kindOf(stats);
    if (kind) throw new NotAFileError(kind);
    return read(fd, stats);
  } finally {
    closeSync(fd);
  }
}

/** The real disk. */
export const DISK_FILES: CliFiles = {
  read(path, maxBytes) {
    return withRegularFile(path, (fd, stats) =>
      stats.size > maxBytes ? { size: stats.size } : { size: stats.size, bytes: readAtMost(fd, stats.size, maxBytes) },
    );
  },
  readChunks(path, onChunk) {
    withRegularFile(path, (fd, stats) => {
      const buffer = new Uint8Array(CHUNK_BYTES);
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        if (n === 0) return;
        onChunk(buffer.subarray(0, n), stats.size);
      }
    });
  },
  write(path, text) {
    writeFileSync(path, text, 'utf8');
  },
  readStdin(maxBytes) {
    const stats = fstatSync(0);
    if (isatty(0)) throw new StdinIsTerminalError();
    // A file redirected in (`< flow.json`) has a size: above the cap it is not read, as a path's.
    if (stats.isFile() && stats.size > maxBytes) return { size: stats.size };
    const bytes = readStdinAtMost(maxBytes);
    return { size: stats.isFile() ? stats.size : bytes.length, bytes };
  },
};

/** Standard input to its end, or limit + 1 bytes; waits briefly when a non-blocking pipe has nothing yet. */
function readStdinAtMost(limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (length <= limit) {
    const buffer = new Uint8Array(Math.min(CHUNK_BYTES, limit + 1 - length));
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 5);
        continue;
      }
      if ((error as { code?: unknown }).code === 'EOF') break; // Windows: the pipe's writer closed it
      throw error;
    }
    if (n === 0) break;
    chunks.push(buffer.subarray(0, n));
    length += n;
  }
  return joinBytes(chunks, length);
}

/** Bytes read at a time from a log. */
const CHUNK_BYTES = 1024 * 1024;
