/** Finding modules by name for the search dialog. Pure. */
import { MODULE_KINDS } from '../../model/modules/registry';
import type { Module } from '../../model/types';

/**
 * Modules whose name (or kind label) contains every word of the query, case-insensitively;
 * names that start with the query come first.
 */
export function searchModules(modules: readonly Module[], query: string, limit = 50): Module[] {
  const q = query.trim().toLowerCase();
  if (q === '') return modules.slice(0, limit);
  const words = q.split(/\s+/);
  const hits: { module: Module; rank: number; index: number }[] = [];
  modules.forEach((module, index) => {
    const name = module.name.toLowerCase();
    const hay = `${name} ${MODULE_KINDS[module.type].label.toLowerCase()} ${module.id.toLowerCase()}`;
    if (!words.every((w) => hay.includes(w))) return;
    const rank = name.startsWith(q) ? 0 : name.includes(q) ? 1 : 2;
    hits.push({ module, rank, index });
  });
  hits.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return hits.slice(0, limit).map((h) => h.module);
}
