/**
 * The guardrails of the flow file (issue 6). A file that crosses one is refused with a
 * message that names the limit; nothing here truncates silently.
 *
 * | limit                      | value      | why                                                        |
 * |----------------------------|------------|------------------------------------------------------------|
 * | file size                  | 20 MB      | checked before parsing; a 10,000-module flow is ~3 MB       |
 * | nesting of the whole file  | 256 levels | checked by an iterative walk before anything recurses      |
 * | nesting of conditions      | 64 levels  | the platform's filters are a few levels deep               |
 * | iterations per iterator    | 1,000,000  | per execution; larger loops cannot be simulated            |
 * | names (flow, module, scenario) | 200 characters | a name is a label on the canvas, not a document     |
 * | ids (module, edge, scenario)   | 200 characters | same                                                |
 * | errors reported            | 100        | the rest are counted in one last message                   |
 */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_DOCUMENT_DEPTH = 256;
export const MAX_CONDITION_DEPTH = 64;
export const MAX_ITERATIONS = 1_000_000;
export const MAX_NAME_LENGTH = 200;
export const MAX_ID_LENGTH = 200;
export const MAX_ERRORS = 100;
/** Keys that could reach an object's prototype; dropped wherever they appear in a file. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
