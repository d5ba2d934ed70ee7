// One assumption edit at N modules through the editor's store, then every selector the top bar,
// the platforms tab and the history read: CPU ms per step, median and p95 over 40 edits.
// Usage: npx tsx bench/sideBySide/editPath.mts   (N=10000; ROOT=<another tree> measures that tree)
const ROOT = process.env.ROOT ?? new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const { createEditor } = await import(`${ROOT}/src/editor/createEditor.ts`);
const { SimulationClient } = await import(`${ROOT}/src/workers/simulationClient.ts`);
const { createCalibrationRunner } = await import(`${ROOT}/src/workers/calibrationRun.ts`);
const { ImportClient } = await import(`${ROOT}/src/workers/importClient.ts`);
const { generateFlow } = await import(`${ROOT}/src/model/generate.ts`);
const { setAssumption } = await import(`${ROOT}/src/store/operations.ts`);
const n = Number(process.env.N ?? 10000);
const editor = createEditor({ storage: null, clipboard: null, mac: false, files: () => {}, simulationClient: () => new SimulationClient({ createWorker: null }), calibrationRunner: createCalibrationRunner(null), importClient: () => new ImportClient({ createWorker: null }) });
const flow = generateFlow({ modules: n, seed: 1 });
editor.store.getState().loadFlow(flow, 'bench');
const d = editor.derived;
// The platforms' selector left derived.ts (its own module) after 0919ae8; either tree's.
const selectPlatforms = d.selectPlatforms ?? (await import(`${ROOT}/src/store/platformsSelector.ts`)).createPlatformsSelector(d);
const steps: [string, (s: any) => unknown][] = [
  ['selectFlowCost', (s) => d.selectFlowCost(s)],
  ['selectPlatforms', (s) => selectPlatforms(s)],
  ['selectHasRunRanges', (s) => d.selectHasRunRanges(s)],
  ['selectDrawnModules', (s) => d.selectDrawnModules(s)],
  ['selectModuleNames', (s) => d.selectModuleNames(s)],
  ['selectHistoryCosts', (s) => d.selectHistoryCosts(s)],
  ['selectProblems', (s) => d.selectProblems(s)],
];
function cpu() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
const t: Record<string, number[]> = { edit: [] };
for (const [k, f] of steps) { f(editor.store.getState()); t[k] = []; }
const ids = flow.modules.filter((m: any) => m.type === 'action').map((m: any) => m.id);
for (let i = 0; i < 50; i++) {
  const id = ids[(i * 7919) % ids.length];
  let t0 = cpu();
  editor.store.getState().edit('Set duration', (dr: any) => setAssumption(dr, id, 'durationSec', 2 + (i % 13)));
  const dt = cpu() - t0;
  if (i >= 10) t.edit!.push(dt);
  for (const [k, f] of steps) { t0 = cpu(); f(editor.store.getState()); const x = cpu() - t0; if (i >= 10) t[k]!.push(x); }
}
const q = (a: number[], p: number) => a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]!;
for (const [k, a] of Object.entries(t)) console.log(`${k.padEnd(20)} median ${q(a, 0.5).toFixed(3)}  p95 ${q(a, 0.95).toFixed(3)}`);
