import { describe, expect, it } from 'vitest';
import { generateFlow } from './generate';
import { validateFlow } from './validate';
import { createRng, triangular } from './rng';

describe('generateFlow', () => {
  it('gives exactly the number of modules asked for, one trigger first', () => {
    for (const modules of [0, 1, 2, 3, 4, 7, 50, 333]) {
      const flow = generateFlow({ modules, seed: modules });
      expect(flow.modules).toHaveLength(modules);
      expect(flow.modules.filter((m) => m.type === 'trigger')).toHaveLength(modules > 0 ? 1 : 0);
      if (modules > 0) expect(flow.modules[0]!.type).toBe('trigger');
    }
  });

  it('is deterministic: the same seed gives the same flow, another seed another', () => {
    expect(generateFlow({ modules: 200, seed: 42 })).toEqual(generateFlow({ modules: 200, seed: 42 }));
    expect(generateFlow({ modules: 200, seed: 43 })).not.toEqual(generateFlow({ modules: 200, seed: 42 }));
  });

  it('produces structurally valid flows with every feature at size', () => {
    for (const seed of [1, 2, 3]) {
      const flow = generateFlow({ modules: 1500, seed });
      const errors = validateFlow(flow).filter((p) => p.severity === 'error');
      expect(errors).toEqual([]);
      const types = new Set(flow.modules.map((m) => m.type));
      for (const t of ['router', 'iterator', 'aggregator', 'octopus', 'search', 'ai_agent']) expect(types.has(t as never)).toBe(true);
      const modes = new Set(flow.edges.map((e) => e.filter?.mode).filter(Boolean));
      expect(modes).toEqual(new Set(['break', 'skip']));
      expect(flow.edges.some((e) => e.route?.fallback)).toBe(true);
      // Nested loops: an aggregator's loop inside another loop.
      expect(flow.modules.filter((m) => m.type === 'iterator').length).toBeGreaterThan(1);
    }
  });

  it('lays modules out on a grid, no two on the same spot', () => {
    const flow = generateFlow({ modules: 500, seed: 5 });
    const spots = new Set(flow.modules.map((m) => `${m.position.x},${m.position.y}`));
    expect(spots.size).toBe(500);
    for (const m of flow.modules) {
      expect(m.position.x % 10).toBe(0);
      expect(m.position.y % 10).toBe(0);
    }
  });
});

describe('rng', () => {
  it('is reproducible and spreads uniformly', () => {
    const a = createRng(1);
    const b = createRng(1);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(createRng(2)()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('gives the same first numbers on every machine (pinned)', () => {
    const r = createRng(12345);
    const first = [r(), r(), r()].map((x) => Math.round(x * 1e9));
    expect(first).toEqual(PINNED);
  });

  it('draws triangular values with mean (a + b + c) / 3 inside [a, c]', () => {
    const r = createRng(9);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const x = triangular(r, 1, 2, 6);
      expect(x).toBeGreaterThanOrEqual(1);
      expect(x).toBeLessThanOrEqual(6);
      sum += x;
    }
    expect(Math.abs(sum / n - 3)).toBeLessThan(0.05);
    expect(triangular(r, 2, 2, 2)).toBe(2);
  });
});

// Recorded once from this implementation: integer arithmetic only, so every engine must reproduce them.
const PINNED = [546095308, 313125821, 692610444];
