/**
 * Saving the flow to a file (Export JSON) and how the app saves a text file (the browser's
 * download). Apart from the other file commands (commands/files.ts), whose code loads after the
 * first paint: the editor is made with the download at start, and Export is what a crashed panel
 * offers, so it works even when later code cannot download.
 */
import type { Flow } from '../model/types';
import type { EditorStore } from '../store/editor';
import { serializeFlow } from '../io/serialize';

export type Downloader = (filename: string, text: string) => void;

/** Saves a text file through the browser: a Blob and a temporary link. */
export const browserDownload: Downloader = (filename, text) => {
  const blob = new Blob([text], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked late: on a busy machine the browser may start reading the blob well after the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};

/** A file name from the flow's name: "Lead enrichment" → "lead-enrichment.json". */
export function fileNameFor(flow: Pick<Flow, 'name'>): string {
  const slug = flow.name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'flow'}.json`;
}

/** Downloads the flow as its file text (the same bytes every time for the same flow). */
export function exportFlow(store: EditorStore, download: Downloader): void {
  const { flow } = store.getState();
  download(fileNameFor(flow), serializeFlow(flow));
  store.getState().markInFile();
}
