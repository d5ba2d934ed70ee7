/**
 * Apart from fieldRules.ts (whose position rule it keeps): only the clipboard's paste and the importers'
 * drafts call it, both loaded later, so the page's first download leaves it out.
 */
import { FIELD_RULES } from './fieldRules';

/** A canvas position moved inside the position rule's bounds (a paste shifted past the edge). */
export function clampPosition(position: { x: number; y: number }): { x: number; y: number } {
  const { min, max } = FIELD_RULES.position;
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  return { x: clamp(position.x), y: clamp(position.y) };
}
