/**
 * The library's commands as the toolbar, the menus and the keys know them (id, label, keys, icon):
 * in the first download. What they do (commands/library.ts) loads with commands/loadedLater.ts.
 */
import type { Command } from './registry';

export const LIBRARY_COMMAND_SPECS = [
  { id: 'library.show', label: 'Library…', group: 'file', icon: 'library' },
  { id: 'library.saveVersion', label: 'Save version…', group: 'file', shortcut: ['Mod+S'], icon: 'save' },
  { id: 'library.open', label: 'Open a flow of the library', group: 'file', icon: 'library', hidden: true },
  { id: 'library.rename', label: 'Rename a flow of the library', group: 'file', icon: 'library', hidden: true },
  { id: 'library.duplicate', label: 'Duplicate a flow of the library', group: 'file', icon: 'copy', hidden: true },
  { id: 'library.delete', label: 'Delete a flow of the library', group: 'file', icon: 'trash-2', hidden: true },
  { id: 'library.undoDelete', label: 'Undo the delete', group: 'file', icon: 'undo-2', hidden: true },
  { id: 'library.restoreVersion', label: 'Restore a version', group: 'file', icon: 'history', hidden: true },
  { id: 'library.versions', label: 'Versions…', group: 'file', icon: 'history' },
  { id: 'library.copyLink', label: 'Copy link', group: 'file', icon: 'link' },
] as const satisfies readonly Omit<Command, 'run'>[];

export type LibraryCommandId = (typeof LIBRARY_COMMAND_SPECS)[number]['id'];
