/** Byte chunks, read one after another (a stream, a pipe), as one array of `length` bytes, their sum. */
export function joinBytes(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
