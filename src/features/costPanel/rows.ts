/** The cost table's rows and their order. Pure. */
import type { ModuleType } from '../../model/types';

export interface CostRow {
  id: string;
  name: string;
  type: ModuleType;
  executions: number;
  credits: number;
  /** Share of the run total, 0..1. */
  share: number;
}

export type SortKey = 'name' | 'executions' | 'credits' | 'share';
export interface SortState {
  key: SortKey;
  descending: boolean;
}

/** Rows sorted by a column; ties keep the flow's order. */
export function sortRows(rows: readonly CostRow[], sort: SortState): CostRow[] {
  const sign = sort.descending ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const by =
        sort.key === 'name'
          ? a.row.name.localeCompare(b.row.name, undefined, { sensitivity: 'base' })
          : a.row[sort.key] - b.row[sort.key];
      return by !== 0 ? sign * by : a.index - b.index;
    })
    .map(({ row }) => row);
}
