/**
 * Share links: a flow in the address's fragment (`…/#flow=<data>`), so nothing is sent to a
 * server (browsers never send the fragment).
 *
 * `<data>` is the flow file text, deflated with the platform's CompressionStream ('deflate', the
 * zlib format) and written in base64url. Why CompressionStream and not lz-string: it is built
 * into every browser the app supports and into Node (the tests, the CLI), so it adds no
 * dependency; deflate makes a flow's JSON smaller than lz-string's URI encoding does; and the
 * zlib format ends with a checksum (Adler-32), so a damaged or edited link is refused instead of
 * opening something else. It is asynchronous, which costs nothing here (a click, a page load).
 *
 * Reading a link gives back the file text; the caller opens it with the same parser and checks
 * as a file (parseFlow), so a link can do nothing a file cannot.
 */
import { MAX_FILE_BYTES } from './limits';
import { MAX_LINK_CHARS } from './limitsLater';
import { joinBytes } from './bytes';

export const LINK_KEY = 'flow';
const PREFIX = `#${LINK_KEY}=`;

export type LinkResult = { ok: true; url: string; chars: number } | { ok: false; message: string };
export type LinkTextResult = { ok: true; text: string } | { ok: false; message: string };

async function pump(input: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array | null> {
  const writer = stream.writable.getWriter();
  // The write's own promise fails with the read when the data is damaged: the read reports it.
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return joinBytes(chunks, size);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

export const LINK_MESSAGES = {
  tooLarge: (chars: number) =>
    `This flow is too large for a link (${chars.toLocaleString('en-US')} characters compressed; a link holds at most ${MAX_LINK_CHARS.toLocaleString('en-US')}). Export the file instead.`,
  damaged: 'This link is damaged or was changed (its data does not decompress), so nothing was opened. Ask for the link again, or for the file.',
  empty: 'This link holds no flow.',
  notText: 'This link does not hold a flow file (its data is not text).',
  tooLargeInside: `This link unpacks to more than ${MAX_FILE_BYTES / (1024 * 1024)} MB, the largest flow file Creditflow opens, so nothing was opened.`,
};

/** The share link of a flow file text, on `base` (the page's address without its fragment). */
export async function flowLink(flowText: string, base: string): Promise<LinkResult> {
  const packed = await pump(new TextEncoder().encode(flowText), new CompressionStream('deflate'), Number.POSITIVE_INFINITY);
  const data = toBase64Url(packed ?? new Uint8Array());
  if (data.length > MAX_LINK_CHARS) return { ok: false, message: LINK_MESSAGES.tooLarge(data.length) };
  return { ok: true, url: `${base.split('#')[0]}${PREFIX}${data}`, chars: data.length };
}

/** The data of a share link's fragment (`#flow=…`), or null when the fragment is not a share link. */
export function linkData(hash: string): string | null {
  return hash.startsWith(PREFIX) ? hash.slice(PREFIX.length) : null;
}

/** The flow file text a share link's data holds, or why there is none. */
export async function flowTextOfLink(data: string): Promise<LinkTextResult> {
  if (data === '') return { ok: false, message: LINK_MESSAGES.empty };
  if (data.length > MAX_LINK_CHARS) return { ok: false, message: LINK_MESSAGES.tooLarge(data.length) };
  const bytes = fromBase64Url(data);
  if (!bytes) return { ok: false, message: LINK_MESSAGES.damaged };
  let unpacked: Uint8Array | null;
  try {
    unpacked = await pump(bytes, new DecompressionStream('deflate'), MAX_FILE_BYTES);
  } catch {
    return { ok: false, message: LINK_MESSAGES.damaged };
  }
  if (!unpacked) return { ok: false, message: LINK_MESSAGES.tooLargeInside };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(unpacked) };
  } catch {
    return { ok: false, message: LINK_MESSAGES.notText };
  }
}
