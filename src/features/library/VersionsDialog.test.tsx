// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { indexedDbLibrary } from '../../store/libraryDb';
import { serializeFlow } from '../../io/serialize';
import { generateFlow } from '../../model/generate';
import { priceFlow } from '../../cost/price';
import { formatCredits } from '../../ui/numbers';
import { asUsersFlow } from '../../store/testing/library';
import { VersionsDialog } from './VersionsDialog';

const versionRow = (name: string) => screen.getAllByTestId('version-row').find((row) => row.getAttribute('data-name') === name)!;

describe('the versions dialog', () => {
  afterEach(cleanup);

  it('shows the credits of a newer copy kept unopened, and says why a version that cannot be read has none', async () => {
    const storage = indexedDbLibrary(`versions-dialog-${Date.now()}`);
    const editor = testEditor({ library: storage });
    const library = (await editor.loadLibrary())!;
    asUsersFlow(editor.store);
    await library.start(null);
    const id = library.state.getState().currentId!;
    const newer = generateFlow({ modules: 12, seed: 4 });
    // As keepStoredVersion keeps one whose flow was never read: its text, no credits per run (a string: happy-dom's Blob is not stored).
    const base = { flowId: id, kind: 'unopened' as const, savedAt: 1, modules: 12, total: null, perMonth: null };
    await storage.putVersion({ ...base, id: 'v1', name: 'A newer copy, not opened', flowText: serializeFlow(newer) });
    await storage.putVersion({ ...base, id: 'v2', name: 'Broken', savedAt: 2, flowText: '{ not a flow' });
    renderWithEditor(<VersionsDialog naming={false} />, editor);
    await waitFor(() => expect(screen.getAllByTestId('version-row')).toHaveLength(2));
    const kept = versionRow('A newer copy, not opened');
    expect(kept.querySelector('[data-testid="version-run"]')!.textContent).toBe(`${formatCredits(priceFlow(newer).total)} cr/run`);
    expect(kept.querySelector('[data-testid="version-run"]')!.getAttribute('title')).toBeNull();
    const broken = versionRow('Broken');
    expect(broken.querySelector('[data-testid="version-run"]')!.getAttribute('title')).toBe('Not priced: this version cannot be read.');
    expect(broken.querySelector('[data-testid="version-change"]')!.textContent).toMatch(/cannot be read/);
    library.stop();
    editor.dispose();
  });
});
