/**
 * What the app reads of a JSON text's keys without the scanner of jsonText.ts, which is not in the
 * page's first download (the plain saved flow is read without it, io/plainFile.ts): a path in words,
 * and whether the text writes a key twice (then the file reader with its scanner says where).
 */

export type PathSegment = string | number;

/** `modules[2].assumptions.retries` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/**
 * How many keys a text that is valid JSON writes: the strings followed by a ':'. Strings are
 * found with indexOf, nothing is allocated. Meaningless for text that is not valid JSON.
 */
function countKeys(text: string): number {
  let keys = 0;
  for (let i = text.indexOf('"'); i !== -1; ) {
    // The closing quote: the next '"' that is not escaped (an even number of backslashes before it).
    let end = text.indexOf('"', i + 1);
    for (;;) {
      if (end === -1) return keys;
      let slashes = 0;
      while (text.charCodeAt(end - 1 - slashes) === 92) slashes++;
      if ((slashes & 1) === 0) break;
      end = text.indexOf('"', end + 1);
    }
    let j = end + 1;
    let c = text.charCodeAt(j);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++j);
    if (c === 58) keys++;
    i = text.indexOf('"', j);
  }
  return keys;
}

/** Every ':' in the text, in strings or not: at least as many as the keys it writes. */
function countColons(text: string): number {
  let colons = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) colons++;
  return colons;
}

/**
 * True when a text that is valid JSON writes more keys than `parsedKeys`, the number of own keys
 * of all the objects JSON.parse made of it: one property per distinct key of an object, so more
 * keys written means a key given twice. A cheap test that spares the common case findDuplicateKeys
 * (a full scan that builds every key): counting every ':' settles it when no string holds one,
 * counting the keys when some do.
 */
export function writesMoreKeys(text: string, parsedKeys: number): boolean {
  return countColons(text) > parsedKeys && countKeys(text) > parsedKeys;
}
