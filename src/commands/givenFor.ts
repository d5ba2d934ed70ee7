/**
 * The flow an edit was given on. An edit that waits (for the commands' code, for the edits given
 * before it, for the clipboard) may find another flow open when its turn comes: one opened from
 * the library, restored, imported, or a new flow. It was meant for the flow the user saw, so it is
 * not applied to another: a toast says so, and the user can give it again.
 *
 * Only loadedLater.ts imports this (its words stay out of the first download): the edits' queue
 * (registry.ts) keeps the state as the edit was given and asks `stillOn` once the code is here.
 */
import type { EditorState, EditorStore } from '../store/editor';

export interface GivenFor {
  /** Whether the flow it was given on is still the one open; when not, says so in a toast. */
  still(): boolean;
}

/** Whether the flow open when `given` was the state is still the one open; when not, says so in a toast. */
export function stillOn(store: EditorStore, given: Pick<EditorState, 'loadSerial' | 'flow'>): boolean {
  const state = store.getState();
  if (state.loadSerial === given.loadSerial) return true;
  state.showToast('warning', `An edit given on “${given.flow.name}” was not applied: another flow was opened before it could land. Give it again if you meant this one.`);
  return false;
}

export function givenFor(store: EditorStore): GivenFor {
  const given = store.getState();
  return { still: () => stillOn(store, given) };
}
