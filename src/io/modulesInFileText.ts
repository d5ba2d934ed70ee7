/**
 * Counting a flow file's modules in its text, for the library's large working copy kept unread. Its own
 * module, not io/serialize.ts's, so the first download (which has the serializer) does not carry it;
 * serialize.test.ts checks it against serializeFlow's texts.
 */

/**
 * How many modules a flow file's text holds, counted without parsing it, when the text is as
 * serializeFlow writes it (2-space indent: each module's object opens a line of its own at 4 spaces
 * inside the top-level `"modules"` list, and no string holds a raw line break); undefined for any
 * other text. A large working copy kept unread (its opening cancelled at start) keeps its count so.
 */
export function modulesInFileText(text: string): number | undefined {
  if (!text.startsWith('{\n  "format": "creditflow",\n')) return undefined;
  const key = '\n  "modules": [';
  const at = text.indexOf(key);
  if (at === -1) return undefined;
  const start = at + key.length;
  if (text.startsWith(']', start)) return 0;
  const end = text.indexOf('\n  ]', start);
  if (end === -1) return undefined;
  let count = 0;
  for (let i = text.indexOf('\n    {', start); i !== -1 && i < end; i = text.indexOf('\n    {', i + 6)) count++;
  return count;
}
