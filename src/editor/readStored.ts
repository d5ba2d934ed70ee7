/**
 * A library entry's stored text read back into a flow the way a dropped file is read (issue 19):
 * a large text goes, as its Blob, to the import worker, which parses, migrates and validates the
 * flow, writes its text and prices it there (workers/handOver.ts), and hands it over in parts
 * (workers/handOverParts.ts); the page only freezes the flow a slice at a time. Before the flow
 * is shown, its price and names are worked out a task a step (openingWork.ts
 * `workOutBeforeOpening`, as for a drop) and, in the task that shows it, the worker's problems
 * are adopted: reopening a 100,000-module flow at page load no longer parses and validates it in
 * long tasks of the page.
 *
 * The client's progress (the library's own panel, as a drop's: features/files/ImportProgress.tsx)
 * shows the reading, then "Opening N modules…" while the flow is frozen and while it is priced
 * (each an opening of the client's, `beginOpening`), with Cancel: a cancelled reading is the error
 * `cancelled` (the session then keeps the flow shown), a cancelled opening resolves `beforeShow`
 * with null. `beforeShow` also stops as soon as its `live` says no (a later open asked for).
 * The client does one thing at a time and cancels what runs when it is asked another: so every
 * read through it and every opening take turns. A rename or a duplicate does not read its entry
 * through it (library.ts changes the name in the stored text's head), unless that text is not laid
 * out as the app writes it: it then reads it whole, in its turn, and never stops an open.
 *
 * A text below `onPageBelow` characters (or bytes) is read on the page (library.ts
 * `readOnPage`), as before: a worker's start-up would cost the common small flow more. A text the
 * parser refuses is refused with the parser's errors either way (`unreadableFlow`: the library
 * lists the entry as unreadable and keeps its text).
 */
import type { Flow } from '../model/types';
import type { Problem } from '../model/problems';
import { rememberFlowText } from '../io/serialize';
import { rememberFigures } from '../cost/flowFigures';
import { freezeInSlices } from '../store/freezeInSlices';
import { eachInATask } from '../scheduling/awaitInSlices';
import { LIBRARY_MESSAGES, readOnPage, unreadableFlow, type StoredFlowReader } from '../store/library';
import { textBlob, type StoredText } from '../store/storedText';
import type { ImportClient } from '../workers/importClient';
import type { Editor } from './createEditor';
import { workOutBeforeOpening } from './openingWork';

/**
 * Stored texts shorter than this (characters of a string, bytes of a Blob) are read on the page:
 * 256 kB, about 700 modules, a few milliseconds to parse (the import client's own threshold for a file).
 */
export const READ_ON_PAGE_BELOW = 256 * 1024;

export interface StoredReading {
  /**
   * The library's reader of stored texts (LibraryContext.readFlow); `title`: what its progress
   * says instead of "Opening “<name>” from the library" (the working copy reopened at start).
   */
  readFlow: (...args: [...Parameters<StoredFlowReader>, title?: string]) => ReturnType<StoredFlowReader>;
  /**
   * For a flow read, before it is shown: its price and names worked out a task a step while
   * `live` says so; resolves with what to do in the task that shows it (the worker's problems
   * adopted), or null when `live` said no or the user cancelled.
   */
  beforeShow(flow: Flow, live?: () => boolean): Promise<(() => void) | null>;
  /** The file version a flow read in the worker was migrated from, if it was (the restore of a large working copy says so, as on the page). */
  migratedFrom(flow: Flow): number | undefined;
}

const FAILED = { ok: false, error: { kind: 'failed', message: LIBRARY_MESSAGES.failed } } as const;
const CANCELLED = { ok: false, error: { kind: 'cancelled', message: LIBRARY_MESSAGES.cancelled } } as const;

const sizeOf = (stored: StoredText) => (typeof stored === 'string' ? stored.length : stored.size);

export function storedReading(
  editor: Pick<Editor, 'store' | 'derived'>,
  client: () => ImportClient,
  options: { onPageBelow?: number } = {},
): StoredReading {
  const onPageBelow = options.onPageBelow ?? READ_ON_PAGE_BELOW;
  /** The problems the worker found, by the flow it handed over (adopted when that flow is shown). */
  const found = new WeakMap<Flow, Problem[]>();
  /** The flows read through the client (its progress then shows their pricing too). */
  const readByClient = new WeakSet<Flow>();
  /** The file version each flow read in the worker was migrated from. */
  const migrated = new WeakMap<Flow, number>();
  /**
   * One use of the client at a time: it cancels a read or an opening in flight when another begins.
   * The reads of every entry (opened; renamed or duplicated when read whole) and the openings of the
   * flows read take turns, so a rename never stops an open, nor an open a rename; only a later open
   * (`live`) or the user's Cancel stops one.
   */
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(job: () => Promise<T>): Promise<T> => {
    const turn = queue.then(job);
    queue = turn.catch(() => undefined);
    return turn;
  };

  const inWorker = async (stored: StoredText, what: string, name?: string, title?: string): ReturnType<StoredFlowReader> => {
    // A record written before texts were Blobs holds a string: made a Blob a slice a task (storedText.ts).
    const source = typeof stored === 'string' ? await textBlob(stored) : stored;
    const outcome = await client().read(source, { as: 'creditflow', ...(name === undefined ? {} : { fileName: name }), ...(title === undefined ? {} : { title }) });
    if (outcome.cancelled) return CANCELLED;
    const read = outcome.result;
    if (!read.ok) return unreadableFlow(what, read.errors);
    // The progress stays up, with its Cancel, while the flow is frozen.
    const opening = client().beginOpening(read.flow.modules.length);
    let cancelled = true;
    try {
      await freezeInSlices(read.flow, { live: opening.live });
      cancelled = !opening.live();
    } finally {
      opening.end();
    }
    if (cancelled) return CANCELLED;
    const flow = read.flow;
    readByClient.add(flow);
    if (read.migratedFrom !== undefined) migrated.set(flow, read.migratedFrom);
    const handedOver = outcome.handedOver;
    if (handedOver) {
      found.set(flow, handedOver.problems);
      rememberFlowText(flow, handedOver.flowText);
      if (handedOver.figures) rememberFigures(flow, handedOver.figures);
    }
    return { ok: true, value: flow };
  };

  /** A flow's price and names worked out a task a step while wanted, under the client's opening when given: whether all were. */
  const workOutAhead = async (flow: Flow, live: () => boolean, progress: ImportClient | null): Promise<boolean> => {
    if (!live()) return false;
    const opening = progress?.beginOpening(flow.modules.length) ?? null;
    const wanted = () => live() && (opening?.live() ?? true);
    try {
      return (await eachInATask(workOutBeforeOpening(editor, flow), wanted)) && wanted();
    } finally {
      opening?.end();
    }
  };

  return {
    readFlow(stored, what, name, title) {
      if (sizeOf(stored) < onPageBelow) return readOnPage(stored, what);
      // Never a rejection: what throws (a Blob that cannot be read) is the library's failure, as on the page.
      return inTurn(() => inWorker(stored, what, name, title)).catch((): ReturnType<StoredFlowReader> => Promise.resolve(FAILED));
    },

    migratedFrom(flow) {
      return migrated.get(flow);
    },

    async beforeShow(flow, live = () => true) {
      // A flow the worker read: the progress stays up, with Cancel, while it is priced, in its turn of the client.
      const shown = readByClient.has(flow) ? await inTurn(() => workOutAhead(flow, live, client())) : await workOutAhead(flow, live, null);
      if (!shown) return null;
      return () => {
        const problems = found.get(flow);
        if (problems) editor.derived.adoptProblems(flow, problems);
      };
    },
  };
}
