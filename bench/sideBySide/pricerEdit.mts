// Per-edit pricing at N modules: main (40f527b) pricer against this tree's, alternating, CPU time.
import { generateFlow } from '../../src/model/generate.ts';
import { editOne } from '../engine.bench.ts';
const NEW = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
// Usage: OLD=/path/to/other/tree npx tsx bench/sideBySide/pricerEdit.mts   (SIZES)
const OLD = process.env.OLD ?? '';
if (!OLD) throw new Error('OLD=<tree> is needed');
const mNew = await import(`${NEW}/src/cost/pricer.ts`);
const mOld = await import(`${OLD}/src/cost/pricer.ts`);
function cpu() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
function med(x: number[]) { const s = x.slice().sort((p, q) => p - q); return s[Math.floor(s.length / 2)]!; }
for (const n of (process.env.SIZES ?? '1000,10000').split(',').map(Number)) {
  const base = generateFlow({ modules: n, seed: 1 });
  const pricers = { old: mOld.createPricer(), new: mNew.createPricer() };
  pricers.old.price(base); pricers.new.price(base);
  const t: Record<string, number[]> = { old: [], new: [] };
  let step = 0;
  for (let r = 0; r < 220; r++) {
    const flow = editOne(base, ++step);
    for (const k of (r % 2 ? ['old', 'new'] : ['new', 'old']) as ('old' | 'new')[]) {
      const t0 = cpu(); const c = pricers[k].price(flow); const dt = cpu() - t0;
      if (r >= 20) t[k]!.push(dt);
      if (c.total < 0) console.log(c.total);
    }
  }
  console.log(`${n}: one edit, incremental pricer, CPU ms median old(main) ${med(t.old!).toFixed(3)} new ${med(t.new!).toFixed(3)}; p95 old ${t.old!.sort((a, b) => a - b)[Math.floor(t.old!.length * 0.95)]!.toFixed(3)} new ${t.new!.sort((a, b) => a - b)[Math.floor(t.new!.length * 0.95)]!.toFixed(3)}`);
}
