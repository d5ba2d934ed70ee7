/**
 * What the page's first bundle holds: the modules reachable from src/main.tsx by static value imports
 * (an `import type` is erased; an `import()` starts a chunk of its own). Code that loads later must not
 * be reachable that way, or it lands in the initial JS (docs/performance.md, target ≤ 200 kB gzip).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));

function resolveImport(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Relative modules a file imports for their values: `import`/`export … from`, not `import type`/`export type`. */
function staticValueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;'"]*?\s+from\s+)?'(\.{1,2}\/[^']+)'/gm)) {
    if (m[2]) continue;
    const target = resolveImport(file, m[4]!);
    if (target) found.push(target);
  }
  return found;
}

/** The packages a file imports for their values (bare specifiers: `idb`, `react-resizable-panels`). */
function packageImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;'"]*?\s+from\s+)?'([^.'][^']*)'/gm)) if (!m[2]) found.push(m[4]!);
  return found;
}

/** Every src/ file reachable from the entry by static value imports, relative to src/. */
function firstBundle(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticValueImports(file));
  }
  return new Set([...seen].map((f) => relative(src, f)));
}

describe("the page's first bundle", () => {
  const bundle = firstBundle(join(src, 'main.tsx'));
  const packages = new Set([...bundle].flatMap((f) => packageImports(join(src, f))));

  it('holds the app itself (the walk finds the editor and the canvas)', () => {
    expect(bundle).toContain('App.tsx');
    expect(bundle).toContain('editor/createEditor.ts');
    expect(bundle).toContain('canvas/FlowCanvas.tsx');
  });

  it('leaves out the simulation engine: the worker has it, and the main-thread fallback loads it when first used', () => {
    expect(bundle).not.toContain('cost/simulate.ts');
    expect(bundle).not.toContain('cost/simulation/summary.ts');
  });

  it('leaves out the readers of the import formats and of execution logs, and the calibration fit: they load when used', () => {
    const readers = [...bundle].filter(
      (f) => (f.startsWith('io/import/') && f !== 'io/import/detect.ts' && f !== 'io/import/values.ts') || f.startsWith('io/logs/') || f === 'cost/calibrate/fromLog.ts',
    );
    expect(readers).toEqual([]);
    // The calibration worker's runner too: createEditor loads it with the first calibration.
    expect(bundle).not.toContain('workers/calibrationRun.ts');
  });

  it("leaves out the far-zoom canvas: its chunk loads for a large flow (main.tsx asks for it before the first render)", () => {
    expect(bundle).toContain('canvas/farZoom.ts');
    const far = [...bundle].filter((f) => /^canvas\/(Far[A-Z]\w*\.tsx|farScene\.ts|farPaint\.ts|gridIndex\.ts)$/.test(f));
    expect(far).toEqual([]);
  });

  it('leaves out the flow library (its session, IndexedDB adapter and records, and idb): the commands load it with editor.loadLibrary', () => {
    expect([...bundle].filter((f) => /^store\/library\w*\.ts$/.test(f))).toEqual([]);
    expect(packages).not.toContain('idb');
  });

  it("leaves out the dock's divider (react-resizable-panels): the first frame lays the dock out without it", () => {
    expect(bundle).toContain('features/layout/DockLayout.tsx');
    expect(bundle).not.toContain('features/layout/ResizableDock.tsx');
    expect(packages).not.toContain('react-resizable-panels');
  });

  it("leaves out the validation rules (validate, the overflow check, the checker): store/derived.ts loads them when the problems are first asked for", () => {
    expect(bundle).toContain('store/derived.ts');
    expect([...bundle].filter((f) => ['model/validate.ts', 'cost/overflow.ts', 'cost/check.ts'].includes(f))).toEqual([]);
  });

  it('leaves out the comparison (store/compare.ts, the diff engine and its words): store/derived.ts loads it when a comparison is first asked for', () => {
    expect([...bundle].filter((f) => ['store/compare.ts', 'cost/diff.ts', 'cost/diffSummary.ts'].includes(f))).toEqual([]);
  });

  it('leaves out the problems list: the dock opens on Cost, and App loads the list when the browser is idle or its tab opens', () => {
    expect(bundle).toContain('features/layout/Dock.tsx');
    expect(bundle).not.toContain('features/problems/ProblemsPanel.tsx');
  });

  it("leaves out the repair of a refused saved flow: its command loads io/repair.ts when asked", () => {
    expect(bundle).toContain('store/persistence.ts');
    expect(bundle).not.toContain('io/repair.ts');
  });

  it("leaves out the platforms' engine (the comparison and the plans): only the platforms panel, which loads later, prices the flow on them", () => {
    expect(bundle).toContain('store/derived.ts');
    expect([...bundle].filter((f) => ['cost/platforms.ts', 'cost/platformPlans.ts', 'store/platformsSelector.ts'].includes(f))).toEqual([]);
  });

  it('leaves out zod and the file reader with the schema (parseFlow): a plain saved flow and the default sample read without them (io/plainFile.ts)', () => {
    expect(bundle).toContain('io/plainFile.ts');
    expect([...bundle].filter((f) => ['io/parse.ts', 'io/schema.ts', 'io/decode.ts'].includes(f))).toEqual([]);
    expect([...packages].filter((p) => p.startsWith('zod'))).toEqual([]);
  });

  it("leaves out the code of the file, clipboard and compare commands: the registry keeps their labels, keys and icons, and each run loads commands/loadedLater.ts (preloaded when the browser is first idle)", () => {
    expect(bundle).toContain('commands/registry.ts');
    // Export and the unreadable copy's download stay: a crashed panel and the storage banner offer them to save the work.
    expect(bundle).toContain('commands/download.ts');
    expect(bundle).toContain('commands/unreadable.ts');
    const later = ['commands/loadedLater.ts', 'commands/files.ts', 'commands/compare.ts', 'store/clipboard.ts', 'io/fileKind.ts', 'io/import/detect.ts'];
    expect([...bundle].filter((f) => later.includes(f))).toEqual([]);
  });

  it("leaves out the open menus (the File menu's list, the right-click menu) and the icons only menus show: they load when the browser is first idle, or with the first menu opened", () => {
    expect(bundle).toContain('ui/Menu.tsx');
    expect([...bundle].filter((f) => ['ui/MenuList.tsx', 'ui/menuIcons.tsx', 'canvas/CanvasContextMenu.tsx'].includes(f))).toEqual([]);
  });

  it('leaves out the import client and the progress of an import or a layout: their code loads with the first import (editor.importer()) or layout', () => {
    expect([...bundle].filter((f) => ['workers/importClient.ts', 'features/files/ImportProgress.tsx', 'features/layout/LayoutProgress.tsx'].includes(f))).toEqual([]);
  });

  it("leaves out the tracer's player, the path's indexing and the canvas's badge and follower: they load with the first trace (the canvas's when the browser is first idle)", () => {
    // The slot (its store, what the trace commands ask of it) and the marks' look-ups stay.
    expect(bundle).toContain('store/trace.ts');
    expect(bundle).toContain('cost/traceMarks.ts');
    const later = ['store/tracePlayer.ts', 'cost/tracePath.ts', 'cost/trace.ts', 'canvas/traceLayer.ts', 'canvas/traceFollow.ts', 'canvas/TraceBadge.tsx', 'ui/traceItem.ts'];
    expect([...bundle].filter((f) => later.includes(f))).toEqual([]);
  });

  it("leaves out the comparison's canvas parts (ghosts, banner, markers): the canvas loads them when the browser is first idle, or as a comparison starts", () => {
    expect(bundle).toContain('canvas/layers.ts');
    const later = ['canvas/compareLayer.ts', 'canvas/Ghosts.tsx', 'canvas/ghosts.ts', 'canvas/CompareBanner.tsx', 'ui/DiffTag.tsx'];
    expect([...bundle].filter((f) => later.includes(f))).toEqual([]);
  });

  it("leaves out the auto-layout's engine and moves (commands/layout.ts): the first layout loads them, and a flow to lay out ahead as it opens", () => {
    expect(bundle).toContain('commands/layoutWarmup.ts');
    expect(bundle).toContain('commands/layoutEngine.ts');
    expect(bundle).not.toContain('commands/layout.ts');
  });

  it("leaves out the conditions' typed view (the reader, the operators, the mappings): the recipes check only their depth (model/conditionDepth.ts, with the edge inspector's recipes since)", () => {
    expect(bundle).not.toContain('model/conditions.ts');
  });

  it("leaves out the JSON scanner that locates syntax errors and values (io/jsonText.ts): a plain saved flow needs only its key count (io/jsonKeys.ts)", () => {
    expect(bundle).toContain('io/jsonKeys.ts');
    expect(bundle).not.toContain('io/jsonText.ts');
  });

  it("leaves out a module's formula and the engine's explanation: shown on hovering its credits, they load when the browser is first idle or with the first hover", () => {
    expect(bundle).toContain('canvas/ModuleNode.tsx');
    expect([...bundle].filter((f) => ['canvas/Formula.tsx', 'cost/explain.ts'].includes(f))).toEqual([]);
  });

  it("leaves out the simulation client (the flow's posting in parts, the answer's reading): the editor's handle loads it with the first run asked, or the workers' start", () => {
    expect(bundle).toContain('workers/simulationHandle.ts');
    const later = ['workers/simulationClient.ts', 'workers/flowParts.ts', 'workers/listParts.ts', 'workers/nodeFigures.ts', 'workers/shares.ts', 'cost/simulation/blocks.ts'];
    expect([...bundle].filter((f) => later.includes(f))).toEqual([]);
  });

  it("leaves out the schedule in plain words (model/cron.ts): pricing reads a trigger's runs a month with model/cronRuns.ts", () => {
    expect(bundle).toContain('model/cronRuns.ts');
    expect(bundle).not.toContain('model/cron.ts');
  });

  it("leaves out the top bar's budget state and the budget model: loaded for a flow with a budget (main.tsx asks for it as the flow is known; the box shows no figure until then)", () => {
    expect(bundle).toContain('features/toolbar/TopBar.tsx');
    const later = ['features/toolbar/TopBarBudget.tsx', 'cost/budget.ts', 'features/whatIf/flowBudget.ts', 'ui/runOut.ts'];
    expect([...bundle].filter((f) => later.includes(f))).toEqual([]);
  });

  it("leaves out the platform plans' recipes and the platforms' table: the platforms panel's commands run them through commands/loadedLater.ts", () => {
    expect(bundle).toContain('store/operations.ts');
    expect([...bundle].filter((f) => ['store/platformPlans.ts', 'commands/platforms.ts', 'cost/platformTable.ts'].includes(f))).toEqual([]);
  });

  it("leaves out the library commands' code (commands/library.ts): the registry keeps their labels, keys and icons (commands/librarySpecs.ts), each run loads commands/loadedLater.ts", () => {
    expect(bundle).toContain('commands/librarySpecs.ts');
    expect(bundle).not.toContain('commands/library.ts');
  });

  it("leaves out the recipes of the panels that load later: the inspectors' and the rate card's (store/inspectorRecipes.ts), the scenarios' (store/scenarioRecipes.ts)", () => {
    expect(bundle).toContain('store/operations.ts');
    const later = ['store/inspectorRecipes.ts', 'store/scenarioRecipes.ts', 'model/conditionDepth.ts', 'model/graph.ts'];
    expect([...bundle].filter((f) => later.includes(f))).toEqual([]);
  });

  it("leaves out the rate card's field words (features/rateCard/rateCardFields.ts): the flow settings count the changes with rateCardChanges.ts", () => {
    expect(bundle).toContain('features/rateCard/rateCardChanges.ts');
    expect(bundle).not.toContain('features/rateCard/rateCardFields.ts');
  });

  /** The files of the first bundle that define a function of this name. */
  const defining = (name: string) => [...bundle].filter((f) => new RegExp(`function ${name}\\b`).test(readFileSync(join(src, f), 'utf8')));

  it("leaves out the unreadable copy's repair (commands/unreadableRepair.ts, run through commands/loadedLater.ts); its download stays", () => {
    expect(defining('downloadUnreadable')).toEqual(['commands/unreadable.ts']);
    expect(defining('repairUnreadable')).toEqual([]);
    // Nor the stored text's reading for the repair (repairStoredText), unreadableRepair.ts's since.
    expect(defining('repairStoredText')).toEqual([]);
    expect(bundle).not.toContain('commands/unreadableRepair.ts');
  });

  it("leaves out module.add's code (the placement, with commands/placement.ts): commands/loadedLater.ts's, an add given before it waits in the edits' queue", () => {
    expect(bundle).toContain('commands/registry.ts');
    expect(bundle).not.toContain('commands/placement.ts');
  });

  it("leaves out the recipes only later code runs (store/moduleRecipes.ts: adding a module, the clipboard's ids, the pass-rate and priority checks)", () => {
    expect(defining('moveModules')).toEqual(['store/operations.ts']);
    for (const name of ['addModule', 'makeModule', 'nextIds', 'checkPassRate', 'checkPriority']) expect(defining(name), name).toEqual([]);
    expect(bundle).not.toContain('store/moduleRecipes.ts');
  });

  it("leaves out the calibration's problems in words (store/calibrationProblems.ts): the dock counts them with calibrationProblemCount", () => {
    expect(defining('calibrationProblemCount')).toEqual(['store/calibration.ts']);
    expect(defining('calibrationProblems')).toEqual([]);
  });

  it("leaves out the rules of the rate card's and the platform tables' numbers by path (model/tableRules.ts): only the schema and the panels that edit them read them", () => {
    expect(defining('keepsRule')).toEqual(['model/fieldRules.ts']);
    expect(defining('rateCardRule')).toEqual([]);
    expect(defining('platformTableRule')).toEqual([]);
  });

  it("leaves out the migrations of older flow files (io/migrations.ts): the first download takes the version's number from io/fileVersion.ts, and only the file reader with the schema (io/parse.ts) migrates", () => {
    expect(bundle).toContain('io/fileVersion.ts');
    expect(bundle).not.toContain('io/migrations.ts');
    expect(defining('migrate')).toEqual([]);
    expect(defining('newerVersionMessage')).toEqual([]);
  });

  it("leaves out the derived-data hooks only later panels use (editor/laterHooks.ts: the problems', the flow ignoring moves)", () => {
    expect(defining('useFlowCost')).toEqual(['editor/react.tsx']);
    // (The canvas's nodes have hooks of their own by two of these names, canvas/hooks.ts's.)
    for (const name of ['useProblems', 'useModuleProblems', 'useEdgeProblems', 'useFlowIgnoringPositions']) expect(defining(name).filter((f) => f.startsWith('editor/')), name).toEqual([]);
    expect(bundle).not.toContain('editor/laterHooks.ts');
  });

  it("leaves out words nothing shows: the samples carry their names for the File menu, no descriptions (io/samples/index.ts says in a comment what each shows)", async () => {
    expect(bundle).toContain('io/samples/index.ts');
    const { SAMPLE_FLOWS } = await import('./io/samples/index');
    for (const sample of SAMPLE_FLOWS) expect(Object.keys(sample).sort(), sample.id).toEqual(['id', 'load', 'name']);
  });

  it("leaves out the count of a file text's modules (io/modulesInFileText.ts): only the library's large working copy kept unread needs it", () => {
    expect(defining('serializeFlow')).toEqual(['io/serialize.ts']);
    expect(defining('modulesInFileText')).toEqual([]);
  });

  it("leaves out the auto-layout's apply step (commands/layout.ts's applyLayout: the layout's code is here by then)", () => {
    expect([...bundle].filter((f) => readFileSync(join(src, f), 'utf8').includes("edit('Auto-layout'"))).toEqual([]);
  });

  it("leaves out the history's costs (store/stepCosts.ts: the history panel brings it) and the menus' placement at the pointer (ui/MenuList.tsx's)", () => {
    expect(bundle).toContain('store/derived.ts');
    expect(bundle).not.toContain('store/stepCosts.ts');
    expect(defining('createHistoryCosts')).toEqual([]);
    expect(bundle).toContain('ui/Menu.tsx');
    expect(defining('placeAtPointer')).toEqual([]);
  });

  /** The files of the first bundle that declare a function or a constant of this name. */
  const declaring = (name: string) => [...bundle].filter((f) => new RegExp(`(function|const) ${name}\\b`).test(readFileSync(join(src, f), 'utf8')));

  it("leaves out the undo history's jump (loadedLater's goToPoint, asked for by the history panel too) and the helpers only later code calls", () => {
    expect(defining('historyPoint')).toEqual(['commands/registry.ts']);
    expect(defining('goToPoint')).toEqual([]);
    // The edge inspector's look-up, the files' question before replacing edits, the ghosts' ids.
    expect(defining('findModule')).toContain('store/operations.ts');
    for (const name of ['findEdge', 'hasEditsOutsideFiles', 'isGhostId']) expect(defining(name), name).toEqual([]);
  });

  it("leaves out lucide's circle-dashed (eight arcs): the save state's \"Nothing to save yet\" draws one dashed circle with lucide's Icon", () => {
    const importsIt = (f: string) => /import\s*\{[^}]*\bCircleDashed\b[^}]*\}\s*from\s*'lucide-react'/.test(readFileSync(join(src, f), 'utf8'));
    expect(bundle).toContain('features/toolbar/TopBar.tsx');
    expect([...bundle].filter(importsIt)).toEqual([]);
  });

  it("leaves out what only code loaded later calls: the promise-driven slices, a unique name, the dock height's writing, the assumptions in words, a signed percentage", () => {
    expect(defining('runInSlices')).toEqual(['scheduling/slices.ts']);
    expect(bundle).not.toContain('scheduling/awaitInSlices.ts');
    for (const name of ['awaitInSlices', 'eachInATask', 'uniqueText', 'writeDockHeight', 'formatSignedPercent']) expect(defining(name), name).toEqual([]);
    expect(declaring('readDockHeight')).toEqual(['features/layout/dockHeight.ts']);
    expect(declaring('ASSUMPTION_WORDS')).toEqual([]);
  });

  it("leaves out the note on how a field in % read a bare fraction (useReadingNote.tsx, model/readingNote.ts): the first frame's fields are in runs, credits and $", () => {
    expect(bundle).toContain('features/fields/numberFieldWith.tsx');
    expect([...bundle].filter((f) => ['features/fields/useReadingNote.tsx', 'features/fields/useReadingNote.ts', 'model/readingNote.ts'].includes(f))).toEqual([]);
    expect(defining('readNumber')).toEqual(['model/numberText.ts']);
    expect(defining('readingNote')).toEqual([]);
  });

  it("leaves out more that only code loaded later calls: a text's cut, a position's clamp, a kind by type, an assumption's check, a sample by id, a task later, the v3 keys, the io limits only files and links read", () => {
    expect(defining('isTooLong')).toEqual(['model/fieldRules.ts']);
    for (const name of ['cutText', 'codePointsEnd', 'clampPosition', 'kindOf', 'checkAssumption', 'sampleById']) expect(defining(name), name).toEqual([]);
    expect(defining('checkEstimateRule').concat(declaring('checkEstimateRule'))).toEqual(['store/operations.ts']);
    for (const name of ['nextTask', 'V3_ASSUMPTION_KEYS', 'MAX_ITERATIONS', 'MAX_NAME_LENGTH', 'MAX_ID_LENGTH', 'MAX_ERRORS', 'MAX_LINK_CHARS']) expect(declaring(name), name).toEqual([]);
    expect(declaring('MAX_FILE_BYTES')).toEqual(['io/limits.ts']);
    // The layout's defaults stay with its engine (in the first bundle), but are no longer re-exported by commands/layout.ts.
    expect(bundle).toContain('commands/layoutEngine.ts');
    expect(readFileSync(join(src, 'commands/layout.ts'), 'utf8')).not.toMatch(/export \{[^}]*\bDEFAULT_LAYOUT\b/);
  });

  it('sees the packages the first bundle imports (the walk reads bare imports)', () => {
    expect(packages).toContain('react');
    expect(packages).toContain('@xyflow/react');
  });
});
