/**
 * What the palette lists: the module kinds in their groups, filtered by what a person types,
 * each with its base credits from the flow's rate card. Pure, so it is tested without a DOM.
 */
import { CATEGORY_LABELS, MODULE_KINDS, type ModuleCategory, type ModuleKind } from '../../model/modules/registry';
import { MODULE_TYPES, type ModuleType, type RateCard } from '../../model/types';

export const CATEGORY_ORDER: readonly ModuleCategory[] = ['trigger', 'paid', 'flow', 'free'];

export interface PaletteGroup {
  category: ModuleCategory;
  label: string;
  kinds: ModuleKind[];
}

function matches(kind: ModuleKind, words: readonly string[]): boolean {
  const haystack = `${kind.label} ${kind.type.replace(/_/g, ' ')} ${kind.description} ${CATEGORY_LABELS[kind.category]}`.toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** The kinds grouped as the palette shows them, keeping only those that match every word of `query`. */
export function paletteGroups(query = '', exclude: readonly ModuleType[] = []): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const groups: PaletteGroup[] = [];
  for (const category of CATEGORY_ORDER) {
    const kinds = MODULE_TYPES.map((t) => MODULE_KINDS[t] as ModuleKind).filter(
      (k) => k.category === category && !exclude.includes(k.type) && matches(k, words),
    );
    if (kinds.length > 0) groups.push({ category, label: CATEGORY_LABELS[category], kinds });
  }
  return groups;
}

/** Base credits as a badge says them: "free", "1 cr", "1.5 cr". */
export function formatBaseCredits(credits: number): string {
  if (credits === 0) return 'free';
  return `${Number(credits.toPrecision(6))} cr`;
}

export function baseCreditsOf(rateCard: RateCard, type: ModuleType): number {
  return rateCard.baseCredits[type] ?? 0;
}
