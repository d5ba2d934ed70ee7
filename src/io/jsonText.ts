/**
 * A small JSON scanner that knows where things are in the text. `JSON.parse` does the real
 * parsing; this runs only when we need a place: the line and column of a syntax error (engines
 * word and count their messages differently) or of the value a schema error is about.
 * Iterative (an explicit stack), so 100,000 nested brackets cannot overflow the call stack.
 */

import { escapeCharacter, visibleText } from './visible';
import { formatPath, type PathSegment } from './jsonKeys';

export { formatPath, writesMoreKeys, type PathSegment } from './jsonKeys';

export interface JsonSyntaxError {
  /** Offset in UTF-16 code units. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters from the start of the line. */
  column: number;
  message: string;
}

const LINE_BREAK = /\r\n?|\n/g;

/**
 * A function from offset to 1-based line and column, for many look-ups in one text. A line
 * ends at LF, CRLF or a lone CR (old Mac files), as editors count them.
 */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m !== null; m = LINE_BREAK.exec(text)) starts.push(m.index + m[0].length);
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - starts[lo]! + 1 };
  };
}

/** 1-based line and column of an offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  return lineLocator(text)(offset);
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

interface Frame {
  array: boolean;
  index: number;
  /** An object's keys so far, with the offset of each, when duplicates are looked for. */
  keys?: Map<string, number>;
}

type OnValue = (path: readonly PathSegment[], offset: number) => void;
/** A key seen before in the same object: the path of its second value, where each key starts. */
type OnDuplicateKey = (path: readonly PathSegment[], offset: number, firstOffset: number) => void;

/** The character at i, in words: `'x'`, `a line break`, `a control character (\u0000, NUL)`. */
function found(text: string, i: number): string {
  if (i >= text.length) return 'the end of the file';
  const c = text[i]!;
  if (c === '\n' || c === '\r') return 'a line break';
  return describeCharacter(c);
}

/** `'x'`, or an invisible character named by its escape: `a NUL byte (\u0000)`, `a control character (\u001b)`. */
function describeCharacter(c: string): string {
  const shown = visibleText(c);
  if (shown === c) return `'${c}'`;
  if (c === '\u0000') return `a NUL byte (${shown})`;
  if (c === '\t') return 'a tab';
  return `an invisible control character (${shown})`;
}

/**
 * Walks the text as JSON. Returns the first syntax error (with its place) or null when the
 * text is one valid JSON value. `onValue` is called with the path and offset of every value.
 */
function scan(text: string, onValue?: OnValue, onDuplicateKey?: OnDuplicateKey): { offset: number; message: string } | null {
  const n = text.length;
  let i = 0;
  const stack: Frame[] = [];
  const path: PathSegment[] = [];

  const skipWs = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (offset: number, message: string) => ({ offset, message });

  /** Reads a string starting at i (which is '"'); returns an error or null and moves i past it. */
  const readString = (): { offset: number; message: string } | null => {
    const start = i;
    i++;
    for (;;) {
      if (i >= n) return fail(start, 'This string is never closed: a \'"\' is missing');
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return null;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
          continue;
        }
        if (e === 'u') {
          HEX4.lastIndex = i + 2;
          if (HEX4.test(text)) {
            i += 6;
            continue;
          }
          return fail(i, 'Bad escape in a string: \\u must be followed by four hex digits');
        }
        return fail(i, `Bad escape in a string: ${found(text, i + 1)} cannot follow a backslash`);
      }
      if (c < 32) {
        const what = c === 10 || c === 13 ? 'A line break' : describeCharacter(text[i]!).replace(/^a/, 'A');
        return fail(i, `${what} inside a string: write it as ${escapeCharacter(text[i]!)}`);
      }
      i++;
    }
  };

  const wantKeys = onValue !== undefined || onDuplicateKey !== undefined;
  /** Reads `"key" :` and returns the key (and where it starts), or an error. */
  const readKey = (): { key: string; at: number } | { offset: number; message: string } => {
    skipWs();
    if (text[i] !== '"') {
      if (text[i] === "'") return fail(i, 'Property names need double quotes, not single quotes');
      return fail(i, `Expected a property name in double quotes, found ${found(text, i)}`);
    }
    const start = i;
    const err = readString();
    if (err) return err;
    let key = '';
    if (wantKeys) {
      const raw = text.slice(start + 1, i - 1);
      key = raw.includes('\\') ? (JSON.parse(text.slice(start, i)) as string) : raw;
    }
    skipWs();
    if (text[i] !== ':') return fail(i, `Expected ':' after the property name, found ${found(text, i)}`);
    i++;
    return { key, at: start };
  };
  /** Notes the key of the object on top; reports it when the object had it already. */
  const noteKey = (frame: Frame, key: string, at: number): void => {
    if (!onDuplicateKey) return;
    const keys = (frame.keys ??= new Map());
    const first = keys.get(key);
    if (first === undefined) keys.set(key, at);
    else onDuplicateKey(path, at, first);
  };

  let expectValue = true;
  for (;;) {
    if (expectValue) {
      skipWs();
      if (i >= n) return fail(i, 'The file ends where a value was expected');
      onValue?.(path, i);
      const c = text[i]!;
      if (c === '{') {
        i++;
        skipWs();
        if (text[i] === '}') {
          i++;
          expectValue = false;
          continue;
        }
        const k = readKey();
        if ('offset' in k) return k;
        const frame: Frame = { array: false, index: 0 };
        stack.push(frame);
        path.push(k.key);
        noteKey(frame, k.key, k.at);
        continue;
      }
      if (c === '[') {
        i++;
        skipWs();
        if (text[i] === ']') {
          i++;
          expectValue = false;
          continue;
        }
        stack.push({ array: true, index: 0 });
        path.push(0);
        continue;
      }
      if (c === '"') {
        const err = readString();
        if (err) return err;
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m || m[0] === '-') return fail(i, 'This is not a valid number');
        i += m[0].length;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else if (text.startsWith('NaN', i) || text.startsWith('Infinity', i))
        return fail(i, 'NaN and Infinity are not allowed in JSON; write a number');
      else if (c === '/') return fail(i, 'Comments are not allowed in JSON');
      else if (c === "'") return fail(i, 'Strings need double quotes, not single quotes');
      else if (c === ']' || c === '}') return fail(i, `Expected a value, found ${found(text, i)}`);
      else return fail(i, `Expected a value, found ${found(text, i)}`);
      expectValue = false;
      continue;
    }
    skipWs();
    const top = stack[stack.length - 1];
    if (!top) {
      if (i < n) return fail(i, `More after the end of the JSON value: found ${found(text, i)} where the file should end`);
      return null;
    }
    const close = top.array ? ']' : '}';
    if (i >= n) return fail(i, `The file ends before a closing '${close}'`);
    const c = text[i]!;
    if (c === ',') {
      i++;
      skipWs();
      if (text[i] === close) return fail(i, `A trailing comma before '${close}': remove the last ','`);
      if (top.array) {
        top.index++;
        path[path.length - 1] = top.index;
      } else {
        const k = readKey();
        if ('offset' in k) return k;
        path[path.length - 1] = k.key;
        noteKey(top, k.key, k.at);
      }
      expectValue = true;
    } else if (c === close) {
      i++;
      stack.pop();
      path.pop();
    } else {
      return fail(
        i,
        top.array
          ? `Expected ',' or ']' after an array item, found ${found(text, i)}`
          : `Expected ',' or '}' after a property value, found ${found(text, i)}`,
      );
    }
  }
}

/** The first JSON syntax error in `text`, with line and column, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const err = scan(text);
  if (!err) return null;
  return { ...err, ...lineColumnAt(text, err.offset) };
}

export interface DuplicateKey {
  /** The path of the second (or later) value of the key. */
  path: PathSegment[];
  line: number;
  column: number;
  /** Where the object's first key of that name is. */
  first: { line: number; column: number };
}

/**
 * Keys given more than once in the same object, each at its second (third, …) place. JSON.parse
 * keeps the last silently; a flow file must say each thing once. Empty for text that is not JSON.
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const seen: { path: PathSegment[]; offset: number; firstOffset: number }[] = [];
  scan(text, undefined, (path, offset, firstOffset) => seen.push({ path: [...path], offset, firstOffset }));
  if (seen.length === 0) return [];
  const locate = lineLocator(text);
  return seen.map((d) => ({ path: d.path, ...locate(d.offset), first: locate(d.firstOffset) }));
}

/**
 * Where the values at the given paths start in the text. A path that is not there (a missing
 * field) falls back to its closest ancestor that is. Paths are written as `formatPath` writes them.
 */
export function locatePaths(
  text: string,
  paths: readonly (readonly PathSegment[])[],
): Map<string, { line: number; column: number }> {
  const wanted = new Set<string>();
  let maxDepth = 0;
  for (const p of paths) {
    maxDepth = Math.max(maxDepth, p.length);
    for (let k = 0; k <= p.length; k++) wanted.add(formatPath(p.slice(0, k)));
  }
  const offsets = new Map<string, number>();
  scan(text, (path, offset) => {
    if (path.length > maxDepth) return;
    const key = formatPath(path);
    if (wanted.has(key) && !offsets.has(key)) offsets.set(key, offset);
  });
  const out = new Map<string, { line: number; column: number }>();
  const locate = lineLocator(text);
  for (const p of paths) {
    for (let k = p.length; k >= 0; k--) {
      const offset = offsets.get(formatPath(p.slice(0, k)));
      if (offset !== undefined) {
        out.set(formatPath(p), locate(offset));
        break;
      }
    }
  }
  return out;
}
