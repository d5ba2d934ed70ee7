/**
 * A command registry on a bare store, for the commands' own tests: no browser clipboard,
 * downloads kept in a list, shortcuts as on a PC. The app's editor (src/editor) is the real host.
 */
import type { Flow, Position } from '../model/types';
import { createEditorStore, emptyFlow } from '../store/editor';
import { createCommands, type ClipboardAdapter, type CommandHost, type Commands, type HostAutosave } from './registry';
import type { ViewportController } from './viewport';
import type { FilePicker } from './compare';
import type { LayoutEngine } from './layout';

export interface TestHost extends CommandHost {
  readonly commands: Commands;
  /** Every file "downloaded": [name, text]. */
  readonly downloads: [string, string][];
  viewport: ViewportController | null;
  centreOfView: (() => Position | undefined) | null;
  autosave: HostAutosave | null;
}

export function testHost(
  options: { flow?: Flow; clipboard?: ClipboardAdapter | null; mac?: boolean; pickFile?: FilePicker; layoutEngine?: LayoutEngine } = {},
): TestHost {
  const downloads: [string, string][] = [];
  const host = {
    store: createEditorStore(options.flow ?? emptyFlow()),
    clipboard: options.clipboard ?? null,
    download: (name: string, text: string) => void downloads.push([name, text]),
    mac: options.mac ?? false,
    viewport: null,
    centreOfView: null,
    autosave: null,
    ...(options.pickFile ? { pickFile: options.pickFile } : {}),
    ...(options.layoutEngine ? { layoutEngine: options.layoutEngine } : {}),
    downloads,
  } as Omit<TestHost, 'commands'> & { commands?: Commands };
  host.commands = createCommands(host);
  return host as TestHost;
}
