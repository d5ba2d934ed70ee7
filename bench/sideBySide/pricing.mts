// Side by side: 255af77's pricing against this tree's, in one process, alternating, CPU time.
import { generateFlow } from '../../src/model/generate.ts';
// Usage: OLD=/path/to/checkout-of-255af77 npx tsx bench/sideBySide/pricing.mts   (FIRST=old imports the old tree first; SIZES, ROUNDS)
const OLD = process.env.OLD ?? '';
if (!OLD) throw new Error('OLD=<checkout with node_modules> is needed');
const oldFirst = process.env.FIRST === 'old';
const load = async (root: string) => ({ price: await import(`${root}/src/cost/price.ts`), compiled: root === OLD ? null : await import(`${root}/src/model/compiled.ts`) });
const NEW = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const [a, b] = oldFirst ? [await load(OLD), await load(NEW)] : [await load(NEW), await load(OLD)];
const [oldT, newT] = oldFirst ? [a, b] : [b, a];
const sizes = (process.env.SIZES ?? '100,1000,10000').split(',').map(Number);
const rounds = Number(process.env.ROUNDS ?? 60);
function cpu() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
function med(x: number[]) { const s = x.slice().sort((p, q) => p - q); return s[Math.floor(s.length / 2)]!; }
let sink = 0;
for (const n of sizes) {
  const flow = generateFlow({ modules: n, seed: 1 });
  const batch = Math.max(1, Math.round(20000 / n));
  const newPlan = newT.compiled!.compileFlow(flow);
  const oldPlan = oldT.price.compilePlan(flow);
  if (oldT.price.priceFlow(flow).total !== newT.price.priceFlow(flow).total) console.log('totals differ (v3 rules)');
  const cases: [string, () => { total: number }][] = [
    ['old full', () => oldT.price.priceFlow(flow)],
    ['new full', () => newT.price.priceFlow(flow)],
    ['old plan', () => oldT.price.priceWithPlan(flow, oldPlan)],
    ['new plan', () => newT.price.priceWithPlan(flow, newPlan)],
    ['old compile', () => ({ total: oldT.price.compilePlan(flow).size })],
    ['new compile', () => ({ total: newT.compiled!.compileFlow(flow).size })],
  ];
  const times: Record<string, number[]> = {};
  for (let r = 0; r < rounds + 10; r++) {
    for (const [name, fn] of r % 2 ? cases : cases.slice().reverse()) {
      const t0 = cpu();
      for (let i = 0; i < batch; i++) sink += fn().total;
      if (r >= 10) (times[name] ??= []).push((cpu() - t0) / batch);
    }
  }
  const m = (k: string) => med(times[k]!);
  // Paired: the ratio new / old of each round (both measured within it), then the median of those,
  // which a drift of the machine's load between rounds does not move.
  const paired = (what: string) => med(times[`new ${what}`]!.map((t, i) => t / times[`old ${what}`]![i]!));
  console.log(`${n} (${oldFirst ? 'old' : 'new'} imported first): full old ${m('old full').toFixed(4)} new ${m('new full').toFixed(4)} x${(m('new full') / m('old full')).toFixed(3)} | with plan old ${m('old plan').toFixed(4)} new ${m('new plan').toFixed(4)} x${(m('new plan') / m('old plan')).toFixed(3)} | compile old ${m('old compile').toFixed(4)} new ${m('new compile').toFixed(4)} x${(m('new compile') / m('old compile')).toFixed(3)} | paired median ratios: full x${paired('full').toFixed(3)} plan x${paired('plan').toFixed(3)} compile x${paired('compile').toFixed(3)}`);
}
if (sink === 1) console.log(sink);
