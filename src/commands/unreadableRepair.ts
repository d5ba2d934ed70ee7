/**
 * The repair of a saved flow that was refused on start: keep what parses (repairFlowText) and open
 * that in place of the sample, as one undo step. commands/loadedLater.ts's (file.repairUnreadable).
 */
import type { EditorStore } from '../store/editor';
import { readStoredText } from '../store/persistence';
import type { RepairResult } from '../io/repair';
import type { Held } from './unreadable';

/** At most this many dropped items are named; the rest are counted. */
const NAMED = 5;

/** The sentence the banner shows after a repair. */
export function repairReport(dropped: readonly string[]): string {
  if (dropped.length === 0) return 'The saved flow was opened; nothing in it had to be dropped.';
  const named = dropped.slice(0, NAMED).join('; ');
  const more = dropped.length > NAMED ? `; and ${dropped.length - NAMED} more` : '';
  return `The saved flow was opened with what could be read. Dropped ${dropped.length} item${dropped.length === 1 ? '' : 's'}: ${named}${more}. The unreadable copy is still there to download.`;
}

/** Keeps what parses of a stored text (the record, or a bare flow file); the repair's code loads when first asked for. */
async function repairStoredText(text: string): Promise<RepairResult> {
  const read = readStoredText(text);
  if (read.ok) return (await import('../io/repair')).repairFlowText(read.record.flowText);
  if (read.reason === 'the saved data is not valid JSON') return { ok: false, reason: 'its JSON is broken, so nothing in it can be read' };
  return { ok: false, reason: read.reason };
}

export async function repairUnreadable(store: EditorStore, autosave: Held): Promise<boolean> {
  const text = autosave?.peekUnreadable() ?? null;
  if (text === null || !store.getState().storage.unreadable) return false;
  const repaired = await repairStoredText(text);
  // The repair's code loaded meanwhile: the status as it is now (a download may have changed it); a
  // second click while it loaded finds the copy repaired already and opens nothing a second time.
  const copy = store.getState().storage.unreadable;
  if (!copy?.repairable || autosave?.peekUnreadable() !== text) return false;
  if (!repaired.ok) {
    store.getState().setStorageStatus({
      unreadable: { ...copy, repairable: false },
      notice: `The saved flow cannot be repaired: ${repaired.reason}. Download the unreadable copy to keep it.`,
    });
    return false;
  }
  store.getState().loadFlow(repaired.flow, 'Repair the saved flow');
  store.getState().setStorageStatus({ unreadable: { ...copy, repairable: false }, notice: repairReport(repaired.dropped) });
  return true;
}
