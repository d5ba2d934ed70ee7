/**
 * A flow's lists cut into parts of at most `size` items, to cross between the page and a worker a
 * message each (one message of a 100,000-module flow held the page hundreds of ms to clone or to
 * read), and put back together in order on the other side: the flow posted to the simulation
 * workers (flowParts.ts) and the flow the import worker hands over with its problems (handOverParts.ts).
 */

/** One part of a list: its name and a slice of its items, in order. */
export interface ListPart<L extends string> {
  list: L;
  items: unknown[];
}

/**
 * The parts of `lists`, each cut into parts of at most `size` items, list after list: how many,
 * and part i, sliced only when asked for (slicing them all at once held the page 200 ms at 100,000 modules).
 */
export function partsOf<L extends string>(lists: readonly (readonly [L, readonly unknown[]])[], size: number): { count: number; part(i: number): ListPart<L> } {
  const counts = lists.map(([, items]) => Math.ceil(items.length / size));
  return {
    count: counts.reduce((sum, n) => sum + n, 0),
    part(i) {
      let rest = i;
      for (const [l, [list, items]] of lists.entries()) {
        if (rest < counts[l]!) return { list, items: items.slice(rest * size, (rest + 1) * size) };
        rest -= counts[l]!;
      }
      throw new RangeError(`There is no part ${i}.`);
    },
  };
}

/** Lists put back together from their parts, each part's items appended as it comes (so the end has nothing long left to do). */
export class ListsFromParts<L extends string> {
  private readonly lists = new Map<L, unknown[]>();

  add(list: L, items: readonly unknown[]): void {
    let whole = this.lists.get(list);
    if (!whole) this.lists.set(list, (whole = []));
    for (const item of items) whole.push(item);
  }

  /** The list as it came so far (empty when no part of it came). */
  get(list: L): unknown[] {
    return this.lists.get(list) ?? [];
  }
}
