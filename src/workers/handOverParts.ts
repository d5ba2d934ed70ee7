/**
 * A large flow crosses from the import worker to the page in pieces (`handOverMessages`): its
 * modules, edges and problems a slice of at most HAND_OVER_SLICE items a message, its text
 * HAND_OVER_TEXT_SLICE characters a message, then the rest. Each message is a task of its own on
 * the page, so no task reads (deserializes) more than one slice: at 100,000 modules one message
 * held the page 376 ms. `HandOverParts` puts the pieces back together, the very same document.
 * Types only from the engine: the page's client loads this without the engine's code.
 */
import type { Flow } from '../model/types';
import type { Problem } from '../model/problems';
import type { ImportResult } from '../io/import';
import type { HandedOver } from './handOver';
import { ListsFromParts, partsOf } from './listParts';

/** Items (modules, edges or problems) in one message of a hand-over: a few milliseconds to read. */
export const HAND_OVER_SLICE = 2_000;

/** Characters of the file text in one message (a 100,000-module flow's 21 million in one held the page 70 ms). */
export const HAND_OVER_TEXT_SLICE = 1_000_000;

/** The lists handed over a slice at a time (`text`: the file text, a piece of it a message). */
export type HandOverList = 'modules' | 'edges' | 'problems' | 'text';

/** One slice of a list, in order. */
export interface HandOverPart {
  type: 'part';
  id: number;
  list: HandOverList;
  items: unknown[];
}

/** The end of a hand-over: the result and hand-over with the sliced lists empty (`sliced: true`), or whole. */
export interface HandOverDone {
  type: 'done';
  id: number;
  result: ImportResult;
  handedOver?: HandedOver;
  /** The flow's modules and edges and the problems came before, in parts: put them back. */
  sliced?: true;
}

/**
 * The messages that hand a flow read in the worker over to the page: a small flow in one `done`
 * message; one with more than `size` modules, edges or problems in slices, then `done`.
 */
export function handOverMessages(
  id: number,
  result: ImportResult & { ok: true },
  handedOver: HandedOver,
  size = HAND_OVER_SLICE,
  textSize = HAND_OVER_TEXT_SLICE,
): (HandOverPart | HandOverDone)[] {
  const { flow } = result;
  const text = handedOver.flowText;
  if (flow.modules.length <= size && flow.edges.length <= size && handedOver.problems.length <= size && text.length <= textSize) {
    return [{ type: 'done', id, result, handedOver }];
  }
  const pieces: string[] = [];
  for (let from = 0; from < text.length; from += textSize) pieces.push(text.slice(from, from + textSize));
  const lists = partsOf([['modules', flow.modules], ['edges', flow.edges], ['problems', handedOver.problems]], size);
  return [
    ...Array.from({ length: lists.count }, (_, i): HandOverPart => ({ type: 'part', id, ...lists.part(i) })),
    ...pieces.map((piece): HandOverPart => ({ type: 'part', id, list: 'text', items: [piece] })),
    { type: 'done', id, result: { ...result, flow: { ...flow, modules: [], edges: [] } }, handedOver: { ...handedOver, problems: [], flowText: '' }, sliced: true },
  ];
}

/** Collects the slices of one hand-over and puts the document back together when it ends. */
export class HandOverParts {
  private readonly lists = new ListsFromParts<Exclude<HandOverList, 'text'>>();
  private text = '';

  add(part: HandOverPart): void {
    if (part.list === 'text') {
      this.text += part.items[0] as string;
      return;
    }
    this.lists.add(part.list, part.items);
  }

  /** The result and hand-over as the worker had them (a `done` that was not sliced is returned as it is). */
  complete(done: HandOverDone): { result: ImportResult; handedOver?: HandedOver } {
    const { result, handedOver } = done;
    if (!done.sliced || !result.ok) return handedOver ? { result, handedOver } : { result };
    const flow = { ...result.flow, modules: this.lists.get('modules'), edges: this.lists.get('edges') } as Flow;
    return {
      result: { ...result, flow },
      ...(handedOver ? { handedOver: { ...handedOver, problems: this.lists.get('problems') as Problem[], flowText: this.text } } : {}),
    };
  }
}
