/**
 * File commands: new flow, open a sample, export. Import goes through the import dialog,
 * which parses the text and calls `importFlowText` below.
 */
import type { Flow } from '../model/types';
import { parseFlow, type FileError } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { DEFAULT_SAMPLE_ID, sampleById } from '../io/samples/index';
import { emptyFlow, useEditor } from '../store/editor';
import { addModule } from '../store/operations';

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

let downloader: Downloader = browserDownload;

/** Replaces how files are downloaded (tests). */
export function setDownloader(next: Downloader | null): void {
  downloader = next ?? browserDownload;
}

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

/** A new flow holding one trigger. */
export function blankFlow(name = 'Untitled flow'): Flow {
  const flow = emptyFlow(name);
  addModule(flow, 'trigger', { x: 0, y: 0 });
  return flow;
}

export function newFlow(): void {
  useEditor.getState().loadFlow(blankFlow(), 'New flow');
}

/** Opens a sample flow by id (the default sample without an id). Returns false for an unknown id. */
export async function openSample(id: string = DEFAULT_SAMPLE_ID): Promise<boolean> {
  const sample = sampleById(id);
  if (!sample) {
    useEditor.getState().showToast('error', `There is no sample flow "${id}".`);
    return false;
  }
  let flow: Flow;
  try {
    flow = await sample.load();
  } catch {
    useEditor.getState().showToast('error', `The sample flow “${sample.name}” could not be loaded; check the connection and try again.`);
    return false;
  }
  useEditor.getState().loadFlow(structuredClone(flow), `Open sample “${flow.name}”`);
  return true;
}

/** Downloads the flow as its file text (the same bytes every time for the same flow). */
export function exportFlow(): void {
  const { flow } = useEditor.getState();
  downloader(fileNameFor(flow), serializeFlow(flow));
}

export type ImportResult = { ok: true; notice?: string; notes?: FileError[] } | { ok: false; errors: FileError[] };

/**
 * Imports a flow file's text: on success the flow replaces the current one (one undo step);
 * on failure nothing changes and the located errors are returned for the dialog to list.
 */
export function importFlowText(text: string, fileName?: string): ImportResult {
  const parsed = parseFlow(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  useEditor.getState().loadFlow(parsed.value, fileName ? `Import ${fileName}` : 'Import flow');
  const notes: FileError[] = [];
  if (parsed.migratedFrom !== undefined) {
    notes.push({
      path: 'version',
      message: `The file was made for version ${parsed.migratedFrom} and has been updated; export to save it in the new version.`,
    });
  }
  notes.push(...(parsed.warnings ?? []));
  return notes.length > 0 ? { ok: true, notice: notes.map((n) => n.message).join(' '), notes } : { ok: true };
}
