/** Reading loosely typed JSON values: the importers take whatever a file holds. */
export type Loose = Record<string, unknown>;

export const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value a JSON text holds, or undefined when it is not JSON (a blueprint or a scheduling sent as text). */
export function fromJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A non-blank text, else undefined. */
export const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
