/**
 * From a file's bytes to its text: one decoder for the app (a picked or dropped file) and the
 * command line, so both read the same files and say the same thing about the others.
 *
 * - UTF-8, with or without a byte-order mark;
 * - UTF-16, little- or big-endian, with a byte-order mark (what Windows PowerShell's `>` and
 *   Notepad's "Unicode" write) or without one, told by where the zero bytes fall: a JSON text
 *   starts with an ASCII character, so its first two bytes hold one zero (RFC 4627 §3);
 * - anything else is refused with a message that names what it found and where.
 *
 * The size cap is checked here too, from the size alone, before anything is read or decoded.
 */
import type { FileError } from './parse';
import { lineLocator } from './jsonText';
import { MAX_FILE_BYTES } from './limits';

export type Encoding = 'UTF-8' | 'UTF-8 with a byte-order mark' | 'UTF-16LE' | 'UTF-16BE';

export type DecodeResult = { ok: true; text: string; encoding: Encoding } | { ok: false; error: FileError };

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
const thousands = (n: number): string => n.toLocaleString('en-US');

/**
 * The refusal of a file of `size` bytes, or null when it is within the cap. The size is given
 * in MB, or in bytes when the two would round to the same MB ("20,971,521 bytes; the limit is
 * 20,971,520 bytes (20 MB)"). `grew`: the file was within the cap when opened and passed it
 * while it was read, so only a lower bound is known.
 */
export function fileTooLarge(size: number, options: { grew?: boolean; piped?: boolean } = {}): FileError | null {
  if (size <= MAX_FILE_BYTES) return null;
  // A pipe has no size: only the cap + 1 bytes were read, so the message gives the cap, not that count.
  if (options.piped)
    return {
      path: '',
      message: `More than the limit of ${thousands(MAX_FILE_BYTES)} bytes (${megabytes(MAX_FILE_BYTES)}) came on standard input; the rest was not read, and nothing was opened.`,
    };
  if (options.grew)
    return {
      path: '',
      message: `The file grew past the limit of ${thousands(MAX_FILE_BYTES)} bytes (${megabytes(MAX_FILE_BYTES)}) while it was read. It was not opened.`,
    };
  const [shown, cap] =
    megabytes(size) === megabytes(MAX_FILE_BYTES)
      ? [`${thousands(size)} bytes`, `${thousands(MAX_FILE_BYTES)} bytes (${megabytes(MAX_FILE_BYTES)})`]
      : [megabytes(size), megabytes(MAX_FILE_BYTES)];
  return { path: '', message: `The file is ${shown}; the limit is ${cap}. It was not opened.` };
}

const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/** The encoding the first bytes announce, with the length of its byte-order mark. */
function sniff(bytes: Uint8Array): { encoding: Encoding | 'UTF-32'; bom: number } {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'UTF-8 with a byte-order mark', bom: 3 };
  if ((b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) || (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0))
    return { encoding: 'UTF-32', bom: 4 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'UTF-16LE', bom: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'UTF-16BE', bom: 2 };
  if (bytes.length >= 4 && ((b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) || (b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0)))
    return { encoding: 'UTF-32', bom: 0 };
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return { encoding: 'UTF-16BE', bom: 0 };
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return { encoding: 'UTF-16LE', bom: 0 };
  return { encoding: 'UTF-8', bom: 0 };
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
function invalidUtf8At(bytes: Uint8Array, from: number): { at: number; why: string } | null {
  const n = bytes.length;
  let i = from;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return { at: i, why: `byte ${hex(b)} cannot start a character` };
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return { at: i, why: 'the file ends in the middle of a character' };
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf))
        return { at: i, why: `byte ${hex(b)} starts a character that byte ${hex(c)} does not continue` };
    }
    i += need + 1;
  }
  return null;
}

/** Index of the first UTF-16 code unit that is half of a surrogate pair without its other half, or -1. */
function loneSurrogateAt(body: Uint8Array, littleEndian: boolean): number {
  const units = body.length >> 1;
  const unit = (k: number): number =>
    littleEndian ? body[2 * k]! | (body[2 * k + 1]! << 8) : (body[2 * k]! << 8) | body[2 * k + 1]!;
  for (let k = 0; k < units; k++) {
    const c = unit(k);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = k + 1 < units ? unit(k + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) k++;
      else return k;
    } else if (c >= 0xdc00 && c <= 0xdfff) return k;
  }
  return -1;
}

const SAVE_AS = 'Save it as UTF-8 (most editors: "Save with encoding" or "Save as… UTF-8") and try again.';

/** Decodes a flow file's bytes. Never throws. */
export function decodeFlowBytes(bytes: Uint8Array): DecodeResult {
  const tooBig = fileTooLarge(bytes.length);
  if (tooBig) return { ok: false, error: tooBig };
  const { encoding, bom } = sniff(bytes);
  if (encoding === 'UTF-32')
    return { ok: false, error: { path: '', message: `The file is in UTF-32, which Creditflow does not read. ${SAVE_AS}` } };

  if (encoding === 'UTF-16LE' || encoding === 'UTF-16BE') {
    const body = bytes.subarray(bom);
    const text = new TextDecoder(encoding === 'UTF-16LE' ? 'utf-16le' : 'utf-16be', { ignoreBOM: true }).decode(
      body.length % 2 === 0 ? body : body.subarray(0, body.length - 1),
    );
    const place = (offset: number) => lineLocator(text)(offset);
    // A JSON text starts with an ASCII character (or a second mark); after a UTF-16 mark, anything
    // else is most likely UTF-8 behind a wrong mark, which would read as one CJK-looking character.
    const first = text.charCodeAt(0);
    if (bom > 0 && text.length > 0 && first > 0x7f && first !== 0xfeff)
      return {
        ok: false,
        error: {
          path: '',
          line: 1,
          column: 1,
          message: `The file starts with the byte-order mark of ${encoding}, but the text after it is not ${encoding}: it may be UTF-8 saved with a wrong mark. ${SAVE_AS}`,
        },
      };
    if (body.length % 2 !== 0)
      return {
        ok: false,
        error: {
          path: '',
          ...place(text.length),
          message: `The file is ${encoding} but has an odd number of bytes: its last character is cut in half. ${SAVE_AS}`,
        },
      };
    const lone = loneSurrogateAt(body, encoding === 'UTF-16LE');
    if (lone >= 0)
      return {
        ok: false,
        error: { path: '', ...place(lone), message: `The file is ${encoding} but holds half a character (an unpaired surrogate) here. ${SAVE_AS}` },
      };
    return { ok: true, text, encoding };
  }

  // Nearly every file is valid UTF-8: the platform's strict decoder checks and decodes it in one
  // native pass (a 10,000-module file, issue 19). Only a file it refuses is walked here, to say
  // where and why.
  const body = bytes.subarray(bom);
  try {
    return { ok: true, text: new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(body), encoding };
  } catch {
    // not valid UTF-8: located below
  }
  const invalid = invalidUtf8At(bytes, bom);
  if (invalid) {
    const before = new TextDecoder('utf-8').decode(bytes.subarray(bom, invalid.at));
    return {
      ok: false,
      error: {
        path: '',
        ...lineLocator(before)(before.length),
        message:
          `The file is not valid UTF-8: at byte ${thousands(invalid.at + 1)}, ${invalid.why}. ` +
          `It may be in another encoding (such as Windows-1252 or Latin-1). ${SAVE_AS}`,
      },
    };
  }
  return { ok: true, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), encoding };
}
