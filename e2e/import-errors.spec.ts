/**
 * Issue 6, bad input, through the import dialog as a person uses it: every case of the issue
 * picked as a file (setInputFiles), pasted as text, and dropped on the canvas. A refused file
 * shows its located, human message and leaves the flow exactly as it was; a file that opens
 * with problems shows them and one Undo brings the previous flow back.
 *
 * The files are built here from the same example file the CLI tests break
 * (src/io/testing/exampleFlow.ts); what the dialog must list is what the app's reader
 * (`importText`, src/io/import: parseFlow for a Creditflow file, pinned word for word in
 * src/io/parse.test.ts and the CLI tests) says of the same text, plus a phrase per case a
 * person would look for.
 */
import type { Locator } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleFile } from '../src/io/testing/exampleFlow';
import { parseFlow, type FileError } from '../src/io/parse';
import { importText } from '../src/io/import';
import { MAX_FILE_BYTES } from '../src/io/limits';
import { CAP_MB, mbOver, ONE_BYTE_OVER } from '../src/io/testing/limitWords';
import { CURRENT_VERSION } from '../src/io/migrations';
import { priceFlow } from '../src/cost/price';
import { serializeFlow } from '../src/io/serialize';
import { generateFlow } from '../src/model/generate';
import { createRng, pick as pickOne, randomInt } from '../src/model/rng';
import type { EditorPage } from './editor.page';
import { expect, fileReads, snapshot, test, type SharedEditor } from './shared';

type ExampleFile = ReturnType<typeof exampleFile>;
type Json = Record<string, unknown>;

/** The example file (at the current version unless a case says otherwise) with a change, as file text. */
function file(change: (f: ExampleFile) => void = () => {}, version = CURRENT_VERSION): string {
  const f = exampleFile();
  f.version = version;
  change(f);
  return JSON.stringify(f, null, 2);
}

const filterOf = (f: ExampleFile, i = 0): Json => f.edges[i]!.filter as Json;
const assumptionsOf = (f: ExampleFile, i: number): Json => (f.modules[i]!.assumptions ??= {}) as Json;

/** Where the dialog says an error is (ErrorList): "line 4, column 3", the JSON path, or "file". */
function place(error: FileError): string {
  if (error.line !== undefined) return `line ${error.line}, column ${error.column ?? 1}`;
  return error.path === '' ? 'file' : error.path;
}

/** A file of `bytes` bytes that starts like a flow file and is only spaces after that. */
const HUGE_BYTES = mbOver(1).size;

function nested(depth: number): Json {
  let conditions: Json = { '{{[m1].email}}': { _neq: '' } };
  for (let i = 0; i < depth; i++) conditions = { '@not': conditions };
  return conditions;
}

interface RefusedCase {
  name: string;
  /** The file's text; a function so big files are only built when their test runs. */
  text: () => string;
  /** What a person reads in the error list, beyond parseFlow's exact words. */
  shows: RegExp;
}

const KNOWN_TYPES = 'trigger, action, invoke, ai_agent, code, search, router, iterator, aggregator, response, variables, octopus, altaner';

const REFUSED: RefusedCase[] = [
  { name: 'an empty file', text: () => '', shows: /^file\s*The file is empty\.$/ },
  {
    name: 'not JSON: line and column',
    text: () => '{\n  "format": "creditflow",\n  "version": 2\n  "name": "Half copied"\n}\n',
    shows: /line 4, column 3\s*Not valid JSON: Expected ',' or '}' after a property value/,
  },
  { name: 'JSON that is not an object (a list)', text: () => '[1, 2, 3]', shows: /line 1, column 1\s*This is not a Creditflow, Altan, n8n or Make file: the top level holds a list of 3 items\./ },
  { name: 'JSON that is not an object (a number)', text: () => '42', shows: /This is not a Creditflow, Altan, n8n or Make file: the top level holds a number\./ },
  {
    // (`{ "version": 2, "modules": [] }` alone is a valid Altan flow of no modules)
    name: 'a missing format',
    text: () => file((f) => delete (f as { format?: unknown }).format),
    shows: /This is not a Creditflow flow file: it has no "format"/,
  },
  {
    name: 'a wrong format',
    text: () => file((f) => (f.format = 'n8n')),
    shows: /line 2, column \d+\s*This is not a Creditflow flow file: it has "format": "n8n"/,
  },
  { name: 'a missing version', text: () => file((f) => delete f.version), shows: /Version is missing/ },
  {
    name: 'a newer version',
    text: () => file(() => {}, 7),
    shows: new RegExp(`This file is version 7; this Creditflow reads versions up to ${CURRENT_VERSION}\\. Update Creditflow to open it\\.`),
  },
  {
    name: 'an unknown module type, named, with the known types',
    text: () => file((f) => (f.modules[3]!.type = 'webscraper')),
    shows: new RegExp(`modules\\[3\\] \\(id 'm4'\\): type 'webscraper' is not a module type; the known types are ${KNOWN_TYPES}`),
  },
  {
    name: 'a missing module type',
    text: () => file((f) => delete f.modules[3]!.type),
    shows: new RegExp(`modules\\[3\\] \\(id 'm4'\\): type is missing; the known types are ${KNOWN_TYPES}`),
  },
  {
    name: 'duplicate module ids',
    text: () => file((f) => (f.modules[4]!.id = 'm2')),
    shows: /modules\[4\] \(id 'm2'\): id is already used by modules\[1\]; module ids must be unique/,
  },
  {
    name: 'duplicate edge ids',
    text: () => file((f) => (f.edges[3]!.id = 'e1')),
    shows: /edges\[3\] \(id 'e1'\): id is already used by edges\[0\]; edge ids must be unique/,
  },
  {
    name: 'an edge to a missing module',
    text: () => file((f) => (f.edges[2]!.target = 'm9')),
    shows: /edges\[2\] \(id 'e3'\): target is 'm9', which is not a module of this flow/,
  },
  {
    name: 'an edge from a missing module',
    text: () => file((f) => (f.edges[2]!.source = 'm0')),
    shows: /edges\[2\] \(id 'e3'\): source is 'm0', which is not a module of this flow/,
  },
  {
    name: 'a NaN assumption written as text',
    text: () => file((f) => (assumptionsOf(f, 3).retries = 'NaN')),
    shows: /modules\[3\] \(id 'm4'\): assumptions\.retries must be a number ≥ 0 or a range \{ min, likely, max \}, got the text "NaN"/,
  },
  {
    name: 'a bare NaN (not JSON, with line and column)',
    text: () => file((f) => (assumptionsOf(f, 3).retries = 424242)).replace('424242', 'NaN'),
    shows: /line \d+, column \d+\s*Not valid JSON: NaN and Infinity are not allowed in JSON; write a number\./,
  },
  {
    name: 'an infinite assumption (1e999)',
    text: () => file((f) => (assumptionsOf(f, 3).durationSec = 424242)).replace('424242', '1e999'),
    shows: /modules\[3\] \(id 'm4'\): assumptions\.durationSec must be a number ≥ 0, got Infinity/,
  },
  {
    name: 'a negative assumption',
    text: () => file((f) => (assumptionsOf(f, 3).retries = -1)),
    shows: /modules\[3\] \(id 'm4'\): assumptions\.retries must be a number ≥ 0, got -1/,
  },
  {
    name: 'a non-numeric assumption',
    text: () => file((f) => (assumptionsOf(f, 0).payloadKB = 'fast')),
    shows: /modules\[0\] \(id 'm1'\): assumptions\.payloadKB must be a number ≥ 0 or a range \{ min, likely, max \}, got the text "fast"/,
  },
  {
    name: 'a filter pass rate above 1',
    text: () => file((f) => (filterOf(f).passRate = 1.3)),
    shows: /edges\[0\] \(id 'e1'\): filter\.passRate must be a number between 0 and 1, got 1\.3/,
  },
  {
    name: 'a route pass rate below 0',
    text: () => file((f) => ((f.edges[1]!.route as Json).passRate = -0.1)),
    shows: /edges\[1\] \(id 'e2'\): route\.passRate must be a number between 0 and 1, got -0\.1/,
  },
  {
    name: '10^12 iterations, refused with the limit',
    text: () => file((f) => (f.modules[2]!.assumptions = { iterations: 1e12 })),
    shows: /modules\[2\] \(id 'm3'\): assumptions\.iterations is 1,000,000,000,000; the limit is 1,000,000 items per iterator execution/,
  },
  {
    name: 'a 1 MB module name',
    text: () => file((f) => (f.modules[0]!.name = 'x'.repeat(1024 * 1024))),
    shows: /modules\[0\] \(id 'm1'\): name is 1,048,576 characters long; the limit is 200 characters/,
  },
  {
    name: 'conditions nested 1,000 deep',
    text: () => file((f) => (filterOf(f).conditions = nested(1000))),
    shows: /edges\[0\] \(id 'e1'\): filter\.conditions are nested more than 64 levels deep; the limit is 64/,
  },
  {
    name: 'HTML in a refused file is listed as text',
    text: () => file((f) => (f.modules[3]!.type = '<img src=x class=cf-xss onerror=alert(1)>')),
    shows: /type '<img src=x class=cf-xss onerror=alert\(1\)…' is not a module type/,
  },
];

async function openImportDialog(editor: EditorPage): Promise<Locator> {
  const dialog = editor.page.getByTestId('import-dialog');
  if ((await dialog.count()) === 0) {
    await editor.openFileMenu();
    await editor.page.getByTestId('menu-file.import').click();
  }
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Puts text in the paste box: typed in by Playwright when short, set as a paste would when long. */
async function pasteText(editor: EditorPage, text: string): Promise<void> {
  const box = editor.page.getByTestId('import-text');
  if (text.length < 50_000) {
    await box.fill(text);
    return;
  }
  await box.evaluate((el, value) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setter.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}


/** The error list in `scope` shows exactly these errors (place and message), and the case's phrase. */
async function expectErrors(scope: Locator, expected: FileError[], shows: RegExp): Promise<void> {
  const items = scope.getByTestId('import-error');
  await expect(items).toHaveCount(expected.length);
  for (const [i, error] of expected.slice(0, 5).entries()) {
    await expect(items.nth(i).locator('.cf-errors__place')).toHaveText(place(error));
    await expect(items.nth(i).locator('.cf-errors__message')).toHaveText(error.message);
  }
  await expect(items.first()).toHaveText(shows);
}

const tempDirs: string[] = [];
test.afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes a file to a temporary folder (removed after the tests) and returns its path. */
function onDisk(name: string, content: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'creditflow-e2e-'));
  tempDirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const countOf = (n: number) => (n === 1 ? '1 error' : `${n} errors`);

async function expectUnchanged(shared: SharedEditor): Promise<void> {
  expect(await snapshot(shared.editor)).toEqual(shared.start);
  await expect(shared.editor.page.getByTestId('cmd-edit.undo')).toBeDisabled();
}

async function expectNoMarkup(shared: SharedEditor): Promise<void> {
  const page = shared.editor.page;
  expect(await page.locator('.cf-xss').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(shared.dialogs).toEqual([]);
}

test.describe('a refused file: the located message, and the flow untouched', () => {
  for (const c of REFUSED) {
    test(c.name, async ({ shared }) => {
      const { editor } = shared;
      const page = editor.page;
      const text = c.text();
      // The app reads a file with the importer (any of the four formats), as the CLI does.
      const parsed = importText(text);
      if (parsed.ok) throw new Error(`${c.name}: the reader accepts this file`);
      const expected = parsed.errors;

      await test.step('picked as a file', async () => {
        const dialog = await openImportDialog(editor);
        await dialog.getByTestId('import-file-input').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(text) });
        await expect(dialog.locator('.cf-import__failure-title')).toHaveText(`“bad.json” was not imported: ${countOf(expected.length)}. Your flow is unchanged.`);
        await expectErrors(dialog, expected, c.shows);
        await expectUnchanged(shared);
      });

      await test.step('pasted as text', async () => {
        const dialog = await openImportDialog(editor);
        await pasteText(editor, text);
        if (text.trim() === '') {
          // nothing to import: the button waits for text
          await expect(dialog.getByTestId('import-submit')).toBeDisabled();
        } else {
          await dialog.getByTestId('import-submit').click();
          await expect(dialog.locator('.cf-import__failure-title')).toHaveText(`The text was not imported: ${countOf(expected.length)}. Your flow is unchanged.`);
          await expectErrors(dialog, expected, c.shows);
        }
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await expect(dialog).toHaveCount(0);
        await expectUnchanged(shared);
      });

      await test.step('dropped on the canvas', async () => {
        await editor.dropFileOnCanvas('dropped.json', text);
        const dialog = page.getByTestId('import-errors-dialog');
        await expect(dialog).toBeVisible();
        await expect(dialog).toContainText(`“dropped.json” has ${countOf(expected.length)}. Your flow is unchanged.`);
        await expectErrors(dialog, expected, c.shows);
        await dialog.getByRole('button', { name: 'OK' }).click();
        await expect(dialog).toHaveCount(0);
        await expectUnchanged(shared);
      });
      await expectNoMarkup(shared);
    });
  }

  test('a file above the size cap is refused from its size, before it is read', async ({ shared }) => {
    const { editor } = shared;
    const page = editor.page;
    const message = mbOver(1).message;
    const huge = Buffer.alloc(HUGE_BYTES, ' ');
    huge.write('{"format": "creditflow",');

    // the same words as the reader gives pasted text of that size
    const parsed = parseFlow(huge.toString('utf8'));
    expect(parsed.ok ? '' : parsed.errors[0]!.message).toBe(message);

    await test.step('picked as a file: refused unread', async () => {
      const reads = await fileReads(page);
      const dialog = await openImportDialog(editor);
      // a file on disk: Playwright hands the browser its path instead of sending it over the wire
      await dialog.getByTestId('import-file-input').setInputFiles(onDisk('huge.json', huge));
      await expect(dialog.locator('.cf-import__failure-title')).toHaveText('“huge.json” was not imported: 1 error. Your flow is unchanged.');
      await expectErrors(dialog, [{ path: '', message }], new RegExp(`^file\\s*The file is ${CAP_MB + 1} MB`));
      expect(await fileReads(page)).toBe(reads);
      await expectUnchanged(shared);
    });

    await test.step('a file just above the cap gives its bytes', async () => {
      const dialog = await openImportDialog(editor);
      const over = Buffer.alloc(MAX_FILE_BYTES + 1, ' ');
      await dialog.getByTestId('import-file-input').setInputFiles(onDisk('over.json', over));
      await expectErrors(dialog, [{ path: '', message: ONE_BYTE_OVER }], new RegExp(`${(MAX_FILE_BYTES + 1).toLocaleString('en-US')} bytes`));
    });

    // Pasted text of that size is refused by the reader's own size check (parse.test.ts › a file
    // above the size cap is refused before parsing); not repeated here: a 21 MB textarea takes
    // Chromium over 30 s to lay out, which is the browser's time, not Creditflow's.

    await test.step('dropped on the canvas: refused unread', async () => {
      const reads = await fileReads(page);
      await editor.dropFileOnCanvas('huge.json', { bytes: HUGE_BYTES });
      const dialog = page.getByTestId('import-errors-dialog');
      await expectErrors(dialog, [{ path: '', message }], new RegExp(`The file is ${CAP_MB + 1} MB`));
      expect(await fileReads(page)).toBe(reads);
      await dialog.getByRole('button', { name: 'OK' }).click();
      await expectUnchanged(shared);
    });

    // and a file under the cap is read (the counter does see reads)
    await test.step('a small file is read', async () => {
      const reads = await fileReads(page);
      await editor.dropFileOnCanvas('small.json', '[]');
      await page.getByTestId('import-errors-dialog').getByRole('button', { name: 'OK' }).click();
      expect(await fileReads(page)).toBeGreaterThan(reads);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Files that open: broken structure (shown on the canvas and in Problems), an older version,
// forbidden keys, HTML, a hostile _like pattern. Each is undone at the end.

/** Picks a file in the import dialog; it opens (the dialog closes). */
async function pick(editor: EditorPage, name: string, text: string): Promise<void> {
  const dialog = await openImportDialog(editor);
  await dialog.getByTestId('import-file-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(dialog).toHaveCount(0);
}

/** Undo brings back the flow the page had before the import. */
async function undoImport(shared: SharedEditor): Promise<void> {
  await shared.editor.undo();
  await expect.poll(() => snapshot(shared.editor)).toEqual(shared.start);
  await shared.editor.page.getByTestId('tab-cost').click();
}

interface StructuralCase {
  name: string;
  text: () => string;
  /** The problem a person reads in the Problems tab. */
  problem: RegExp;
  /** Where it is marked on the canvas. */
  marked: { module: string } | { edge: string };
}

const STRUCTURAL: StructuralCase[] = [
  {
    name: 'a self-loop',
    text: () => file((f) => f.edges.push({ id: 'e5', source: 'm4', target: 'm4' })),
    problem: /Search 'Find company' is connected to itself; loops are iterators, never back edges\./,
    marked: { edge: 'e5' },
  },
  {
    name: 'a cycle',
    text: () =>
      file((f) => {
        f.modules.push({ id: 'm6', type: 'octopus', name: 'Merge', position: { x: 200, y: 560 } });
        f.edges[3]!.target = 'm6';
        f.edges.push({ id: 'e5', source: 'm6', target: 'm4' });
      }),
    problem: /The edge from Octopus 'Merge' back to Search 'Find company' closes a loop; loops are iterators, never back edges\./,
    marked: { edge: 'e5' },
  },
  {
    name: 'two triggers',
    text: () => file((f) => f.modules.push({ id: 'm6', type: 'trigger', name: 'Second trigger', position: { x: 300, y: 0 } })),
    problem: /Two triggers: 'New lead webhook' and 'Second trigger' — a flow has exactly one\./,
    marked: { module: 'm6' },
  },
  {
    name: 'an exclusive router whose routes add up to more than 100 %',
    text: () =>
      file((f) => {
        f.modules.push({ id: 'm6', type: 'action', name: 'Notify sales', position: { x: 200, y: 320 } });
        f.edges.push({ id: 'e5', source: 'm2', target: 'm6', route: { priority: 2, passRate: 0.9, fallback: false } });
      }),
    problem: /Router 'By country': routes share 130 %, more than 100 % in exclusive mode\./,
    marked: { module: 'm2' },
  },
];

test.describe('a file that opens with structural problems shows them; Undo brings the flow back', () => {
  for (const c of STRUCTURAL) {
    test(c.name, async ({ shared }) => {
      const { editor } = shared;
      const page = editor.page;
      const text = c.text();
      const flow = parseFlow(text);
      if (!flow.ok) throw new Error(`${c.name}: the reader refuses this file`);
      await pick(editor, 'broken.json', text);
      await expect(editor.nodes()).toHaveCount(flow.value.modules.length);
      await editor.expectTotal(priceFlow(flow.value).total);
      await expect(page.getByTestId('problem-count')).not.toHaveText('0');
      if ('edge' in c.marked) await expect(editor.edgeLabel(c.marked.edge)).toHaveClass(/cf-edge-label--error/);
      else await expect(editor.node(c.marked.module).getByTestId('node-problem')).toBeVisible();
      await page.getByTestId('tab-problems').click();
      await expect(page.getByTestId('problem-item').filter({ hasText: c.problem })).toHaveCount(1);
      await undoImport(shared);
    });
  }
});

test.describe('a file that opens with notes, HTML, or a hostile pattern', () => {
  test('an older version is migrated, a notice says so, and the file is only read', async ({ shared }) => {
    const { editor } = shared;
    const page = editor.page;
    const v1 = file((f) => (f.name = 'Made for version 1'), 1);
    const currentText = file((f) => (f.name = 'Made for version 1'));
    const original = Buffer.from(v1);
    await editor.openFileMenu();
    await page.getByTestId('menu-file.import').click();
    await page.getByTestId('import-file-input').setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: original });

    const notes = page.getByTestId('import-notes-dialog');
    await expect(notes).toBeVisible();
    await expect(notes).toContainText(
      '“old.json” is open. One thing was changed on the way in; the file itself was only read. Undo brings back the flow you had before.',
    );
    await expect(notes.getByTestId('import-note')).toHaveCount(1);
    await expect(notes.getByTestId('import-note')).toHaveText(
      /^version\s*The file was made for version 1 and has been updated; export to save it in the new version\.$/,
    );
    await notes.getByRole('button', { name: 'OK' }).click();
    await expect(notes).toHaveCount(0);

    // priced exactly like the same flow written at the current version
    await expect(page.getByTestId('flow-name')).toHaveValue('Made for version 1');
    const current = parseFlow(currentText);
    if (!current.ok) throw new Error('current-version file refused');
    await editor.expectTotal(priceFlow(current.value).total);
    // the file picked was only read; the new version exists once the user exports
    expect(original.toString('utf8')).toBe(v1);
    const exported = (await editor.exportedFlow()) as Json;
    expect(exported.version).toBe(CURRENT_VERSION);
    expect(exported).toEqual(JSON.parse(serializeFlow(current.value)));
    await undoImport(shared);
  });

  test('__proto__, constructor and prototype keys are dropped, listed, and pollute nothing', async ({ shared }) => {
    const { editor } = shared;
    const page = editor.page;
    const text =
      `{"format":"creditflow","version":${CURRENT_VERSION},"name":"Proto","__proto__":{"polluted":"root"},\n` +
      '"settings":{"constructor":{"prototype":{"polluted":"settings"}}},\n' +
      '"modules":[{"id":"m1","type":"trigger","name":"T","position":{"x":0,"y":0},"assumptions":{"__proto__":{"retries":5}}},\n' +
      '{"id":"m2","type":"code","name":"C","position":{"x":0,"y":160},"prototype":{"polluted":"module"}}],\n' +
      '"edges":[{"id":"e1","source":"m1","target":"m2","__proto__":{"polluted":"edge"}}]}';
    const removed = ['__proto__', 'settings.constructor', 'modules[0].assumptions.__proto__', 'modules[1].prototype', 'edges[0].__proto__'];
    const polluted = () =>
      page.evaluate(() => {
        const o = {} as Record<string, unknown>;
        return [o.polluted, o.retries, Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')];
      });

    for (const how of ['picked', 'pasted', 'dropped'] as const) {
      await test.step(how, async () => {
        if (how === 'picked') {
          await openImportDialog(editor);
          await page.getByTestId('import-file-input').setInputFiles({ name: 'proto.json', mimeType: 'application/json', buffer: Buffer.from(text) });
        } else if (how === 'pasted') {
          await openImportDialog(editor);
          await pasteText(editor, text);
          await page.getByTestId('import-submit').click();
        } else {
          await editor.dropFileOnCanvas('proto.json', text);
        }
        const notes = page.getByTestId('import-notes-dialog');
        await expect(notes).toBeVisible();
        await expect(notes).toContainText(
          how === 'pasted'
            ? 'The flow is open. 5 things were changed on the way in. Undo'
            : '“proto.json” is open. 5 things were changed on the way in; the file itself was only read. Undo',
        );
        await expect(notes.getByTestId('import-note')).toHaveCount(removed.length);
        const shown = await notes.getByTestId('import-note').evaluateAll((items) =>
          items.map((li) => [li.querySelector('.cf-errors__place')?.textContent, li.querySelector('.cf-errors__message')?.textContent]),
        );
        expect(shown.sort()).toEqual(
          removed.map((path) => [path, `${path} was removed: keys named __proto__, constructor, prototype are not allowed in a flow file.`]).sort(),
        );
        await notes.getByRole('button', { name: 'OK' }).click();
        await expect(page.getByTestId('flow-name')).toHaveValue('Proto');
        expect(await polluted()).toEqual([undefined, undefined, false]);
        const exported = JSON.stringify(await editor.exportedFlow());
        expect(exported).not.toMatch(/__proto__|constructor|prototype|polluted/);
        await undoImport(shared);
      });
    }
  });

  test('HTML and script in every string field are shown as text, never as markup', async ({ shared }) => {
    const { editor } = shared;
    const page = editor.page;
    /** A string that, as markup, would add an element of class cf-xss and set window.__xss. */
    const html = (tag: string) => `<img src=x class=cf-xss onerror="window.__xss='${tag}'"><b class=cf-xss>${tag}</b><script>window.__xss='${tag}'</script>`;
    const id = (tag: string) => `<i class=cf-xss>${tag}</i>`;
    const [m1, m2, m3, m4, m5] = ['m1', 'm2', 'm3', 'm4', 'm5'].map(id) as [string, string, string, string, string];
    const text = file((f) => {
      f.name = html('flow');
      f.modules.forEach((m, i) => {
        m.id = [m1, m2, m3, m4, m5][i]!;
        m.name = html(`module ${i + 1}`);
      });
      (f.modules[4]!.config as Json).iteratorId = m3;
      f.modules.push({ id: id('m6'), type: 'trigger', name: html('second trigger'), position: { x: 300, y: 0 } });
      const ends = [
        [m1, m2],
        [m2, m3],
        [m3, m4],
        [m4, m5],
      ];
      f.edges.forEach((e, i) => {
        e.id = id(`e${i + 1}`);
        e.source = ends[i]![0];
        e.target = ends[i]![1];
      });
      filterOf(f).conditions = { '@and': [{ [`{{[${m1}].${html('path')}}}`]: { _eq: html('value') } }, { [`{{[${m1}].x}}`]: { _in: [html('listed')] } }] };
      (f.edges[1]!.route as Json).conditions = { '@or': [{ [`{{[${m1}].country}}`]: { _like: html('like') } }] };
      f.scenarios = [{ id: id('s1'), name: html('scenario'), overrides: { modules: { [m4]: { retries: 0.5 } } } }];
      f.notes = html('unknown field');
    });
    const flow = parseFlow(text);
    if (!flow.ok) throw new Error(flow.errors.map((e) => e.message).join('; '));

    await pick(editor, 'html.json', text);
    // flow name, module names on the canvas, cost rows
    await expect(page.getByTestId('flow-name')).toHaveValue(html('flow'));
    for (const [i, m] of [m1, m2, m3, m4, m5].entries()) {
      await expect(editor.node(m).getByTestId('node-name')).toHaveText(html(`module ${i + 1}`));
      await expect(page.getByTestId(`cost-row-${m}`)).toContainText(html(`module ${i + 1}`));
    }
    await editor.expectTotal(priceFlow(flow.value).total);
    await expectNoMarkup(shared);

    // the inspector of a module, and of an edge with its conditions
    await editor.selectModule(m5);
    await expect(editor.inspector().getByTestId('field-name')).toHaveValue(html('module 5'));
    await expect(editor.inspector()).toContainText(html('module 3')); // the aggregator's iterator, by name
    await editor.selectEdge(id('e1'));
    // what the condition builder holds: the text of its fields and of its labels and options
    const builderText = () =>
      editor
        .inspector()
        .getByTestId('condition-builder')
        .evaluate((el) => [el.textContent ?? '', ...[...el.querySelectorAll('input, select, textarea')].map((f) => (f as HTMLInputElement).value)].join('\n'));
    await expect(editor.inspector().getByTestId('condition-builder')).toBeVisible();
    await expect.poll(builderText).toContain(html('value'));
    expect(await builderText()).toContain(html('listed'));
    expect(await builderText()).toContain(html('path'));
    await editor.selectEdge(id('e2'));
    await expect.poll(builderText).toContain(html('like'));
    await expectNoMarkup(shared);

    // the problems (two triggers), each naming modules by their HTML names
    await page.getByTestId('tab-problems').click();
    // (names are cut to 60 characters in sentences)
    await expect(page.getByTestId('problems-panel')).toContainText(html('second trigger').slice(0, 50));
    // the scenario in the what-if tab
    await page.getByTestId('tab-whatif').click();
    await expect(page.getByTestId(`scenario-${id('s1')}`).locator('input').first()).toHaveValue(html('scenario'));
    await expectNoMarkup(shared);

    // search results
    await page.getByTestId('tab-cost').click();
    await editor.clickEmptyCanvas();
    await page.keyboard.press('Control+f');
    await page.getByTestId('search-input').fill('module 4');
    await expect(page.getByTestId('search-hit')).toHaveCount(1);
    await expect(page.getByTestId('search-hit')).toContainText(html('module 4'));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('search-dialog')).toHaveCount(0);
    await expectNoMarkup(shared);

    // exported as the same strings
    const exported = (await editor.exportedFlow()) as Json;
    expect(exported.name).toBe(html('flow'));
    expect(exported.notes).toBe(html('unknown field'));
    await undoImport(shared);
    await expectNoMarkup(shared);
  });

  test('a _like pattern built for catastrophic backtracking opens and is priced at once', async ({ shared }) => {
    const { editor } = shared;
    const page = editor.page;
    const pattern = `${'%a'.repeat(2000)}%b`;
    const text = file((f) => {
      f.name = 'Hostile pattern';
      filterOf(f).conditions = { '@and': [{ '{{[m1].email}}': { _like: pattern } }, { '{{[m1].name}}': { _nlike: pattern } }] };
    });
    const flow = parseFlow(text);
    if (!flow.ok) throw new Error('refused');
    await pick(editor, 'like.json', text);
    await editor.expectTotal(priceFlow(flow.value).total);
    await editor.selectEdge('e1');
    const builder = editor.inspector().getByTestId('condition-builder');
    await expect(builder.getByTestId('condition-rule')).toHaveCount(2);
    // the page still answers at once
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await editor.clickEmptyCanvas();
    await undoImport(shared);
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzzing through the dialog: the reader is fuzzed with 10,000 files in src/io/fuzz.test.ts; here a
// seeded handful of mutated files goes through the real dialog, to show the dialog itself turns
// whatever the reader says into a flow or a list of errors, and never into a crash.

const FUZZ_FILES = 24;
const FUZZ_SEED = 20261125;

/** A generated flow file with one mutation: cut short, a character replaced, or a line removed. */
function mutatedFile(rng: () => number, index: number): string {
  const text = serializeFlow(generateFlow({ modules: 2 + randomInt(rng, 12), seed: FUZZ_SEED + index, rangeShare: 0.3 }));
  const at = randomInt(rng, text.length);
  switch (randomInt(rng, 3)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + pickOne(rng, ['{', '}', '[', '"', ',', ':', '-', 'x', '\\', '0', 'NaN', '1e999']) + text.slice(at + 1);
    default: {
      const lines = text.split('\n');
      lines.splice(randomInt(rng, lines.length), 1);
      return lines.join('\n');
    }
  }
}

test('mutated files pasted in the dialog: a flow, or the reader’s located errors, never a crash', async ({ shared }) => {
  test.setTimeout(240_000);
  const { editor } = shared;
  const page = editor.page;
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  const rng = createRng(FUZZ_SEED);
  const seen = { opened: 0, refused: 0 };
  for (let i = 0; i < FUZZ_FILES; i++) {
    const text = mutatedFile(rng, i);
    const parsed = parseFlow(text);
    const dialog = await openImportDialog(editor);
    await pasteText(editor, text);
    if (text.trim() === '') continue;
    await dialog.getByTestId('import-submit').click();
    if (parsed.ok) {
      seen.opened++;
      await expect(dialog).toHaveCount(0);
      const notes = page.getByTestId('import-notes-dialog');
      if (parsed.migratedFrom !== undefined || parsed.warnings) await notes.getByRole('button', { name: 'OK' }).click();
      // (a one-line text field drops line breaks from what it shows, as every browser does)
      await expect(page.getByTestId('flow-name')).toHaveValue(parsed.value.name.replace(/[\r\n]/g, ''));
      await editor.expectTotal(priceFlow(parsed.value).total);
      await undoImport(shared);
    } else {
      seen.refused++;
      await expect(dialog.locator('.cf-import__failure-title')).toHaveText(`The text was not imported: ${countOf(parsed.errors.length)}. Your flow is unchanged.`);
      await expect(dialog.getByTestId('import-error')).toHaveCount(parsed.errors.length);
      await expect(dialog.getByTestId('import-error').first().locator('.cf-errors__message')).toHaveText(parsed.errors[0]!.message);
      expect(await snapshot(editor)).toEqual(shared.start);
    }
    await expect(page.getByTestId('panel-crash')).toHaveCount(0);
  }
  const dialog = page.getByTestId('import-dialog');
  if ((await dialog.count()) > 0) await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(crashes).toEqual([]);
  // both outcomes were reached
  expect(seen.opened).toBeGreaterThan(0);
  expect(seen.refused).toBeGreaterThan(0);
});
