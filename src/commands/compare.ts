/**
 * Compare commands: the document against a file or any flow (a version of the library), and
 * back to normal. Nothing here touches the document: the flow compared with goes to the UI
 * slice (`ui.compare`) and everything shown is derived from it (store/compare.ts).
 */
import type * as ParseModule from '../io/parse';
import type { Flow } from '../model/types';
import type { EditorStore } from '../store/editor';

/** A text file the user picked: its name and its text. */
export interface PickedFile {
  name: string;
  text: string;
}

/** Asks the user for one file of the kinds `accept` names (an input's accept list; JSON flow files when absent); null when they cancel. */
export type FilePicker = (accept?: string) => Promise<PickedFile | null>;

/** The browser's file chooser: the file the user picked (unread), or null when they cancel. */
export const browserFileChooser = (accept: string): Promise<File | null> =>
  new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    const done = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => done(null));
    document.body.appendChild(input);
    input.click();
  });

/** The browser's file chooser for one .json file, read as text. */
export const browserFilePicker: FilePicker = async (accept = '.json,application/json') => {
  const file = await browserFileChooser(accept);
  if (!file) return null;
  try {
    return { name: file.name, text: await file.text() };
  } catch {
    return null;
  }
};

/**
 * Compares the document with `flow` (a version, a file already read), named `label` for people;
 * or, given `against`, that flow (the newer version) with `flow`, leaving the document aside.
 */
export function compareWith(store: EditorStore, flow: Flow, label: string, against?: { flow: Flow; label: string }): void {
  store.getState().setCompare({ flow, label, ...(against ? { against } : {}) });
}

/**
 * Compares the document with a flow file's text, read exactly as an import reads it (any version
 * it reads; the reader's code loads with the first comparison). A file that cannot be read changes
 * nothing and a toast says why, where.
 */
export async function compareWithText(store: EditorStore, text: string, fileName: string): Promise<boolean> {
  let reader: typeof ParseModule;
  try {
    reader = await import('../io/parse');
  } catch (error) {
    store.getState().showToast('error', `Cannot compare with ${fileName}: the code that reads it did not download (${error instanceof Error ? error.message : String(error)}).`);
    return false;
  }
  const parsed = reader.parseFlow(text);
  if (!parsed.ok) {
    const [first, ...rest] = parsed.errors;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
    const where = first ? reader.formatFileError(first) : 'it could not be read';
    store.getState().showToast('error', `Cannot compare with ${fileName}: ${where}${more}`);
    return false;
  }
  compareWith(store, parsed.value, fileName);
  return true;
}

/** What `view.compareWith` takes: a flow and its name (and the flow to compare with it instead of the document), or a file's text and name. */
export type CompareWithPayload = { flow: Flow; label: string; against?: { flow: Flow; label: string } } | { text: string; fileName: string };

export async function compareFromPayload(store: EditorStore, payload: unknown): Promise<void> {
  if (typeof payload !== 'object' || payload === null) return;
  const p = payload as Partial<{ flow: Flow; label: string; text: string; fileName: string; against: Partial<{ flow: Flow; label: string }> }>;
  if (typeof p.text === 'string') {
    await compareWithText(store, p.text, typeof p.fileName === 'string' ? p.fileName : 'the file');
  } else if (typeof p.flow === 'object' && p.flow !== null) {
    const a = p.against;
    const against = typeof a === 'object' && a !== null && typeof a.flow === 'object' && a.flow !== null ? { flow: a.flow, label: typeof a.label === 'string' ? a.label : 'another version' } : undefined;
    compareWith(store, p.flow, typeof p.label === 'string' ? p.label : 'another version', against);
  }
}
