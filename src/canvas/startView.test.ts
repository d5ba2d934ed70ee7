import { describe, expect, it } from 'vitest';
import type { Module } from '../model/types';
import { MAX_START_ZOOM, MIN_READABLE_ZOOM, MODULE_SIZE, startViewport } from './startView';

const at = (id: string, x: number, y: number, type: Module['type'] = 'action'): Module =>
  ({ id, type, name: id, position: { x, y } }) as Module;
const pad = { top: 80, right: 40, bottom: 40, left: 40 };
/** Where a flow point lands on screen. */
const screen = (v: { x: number; y: number; zoom: number }, x: number, y: number) => ({ x: v.x + x * v.zoom, y: v.y + y * v.zoom });

describe('startViewport', () => {
  it('fits a small flow whole, centred, never zoomed in past the cap', () => {
    const v = startViewport([at('t', 0, 0, 'trigger'), at('a', 0, 200)], 1000, 700, pad);
    expect(v.zoom).toBe(MAX_START_ZOOM);
    const top = screen(v, 0, 0);
    const bottom = screen(v, MODULE_SIZE.width, 200 + MODULE_SIZE.height);
    expect(top.y).toBeGreaterThanOrEqual(pad.top);
    expect(bottom.y).toBeLessThanOrEqual(700 - pad.bottom);
    expect((top.x + bottom.x) / 2).toBeCloseTo(pad.left + (1000 - pad.left - pad.right) / 2);
  });

  it('fits a medium flow whole when the zoom stays readable', () => {
    const modules = [at('t', 0, 0, 'trigger'), at('a', 0, 400)];
    const v = startViewport(modules, 1000, 600, pad);
    expect(v.zoom).toBeGreaterThanOrEqual(MIN_READABLE_ZOOM);
    expect(v.zoom).toBeLessThan(MAX_START_ZOOM);
    expect(screen(v, 0, 400 + MODULE_SIZE.height).y).toBeLessThanOrEqual(600 - pad.bottom + 1e-9);
  });

  it('shows the start of a tall flow at a readable zoom, trigger at the top', () => {
    const modules = [at('t', 0, 0, 'trigger'), ...Array.from({ length: 20 }, (_, i) => at(`m${i}`, 0, 200 * (i + 1)))];
    const v = startViewport(modules, 1000, 600, pad);
    expect(v.zoom).toBe(MIN_READABLE_ZOOM);
    expect(screen(v, 0, 0).y).toBeCloseTo(pad.top);
  });

  it('centres on the trigger when a flow is too wide to centre whole', () => {
    const modules = [at('t', 5000, 0, 'trigger'), at('a', 0, 3000), at('b', 10000, 3000)];
    const v = startViewport(modules, 1000, 600, pad);
    const trigger = screen(v, 5000 + MODULE_SIZE.width / 2, 0);
    expect(trigger.x).toBeCloseTo(pad.left + (1000 - pad.left - pad.right) / 2);
  });

  it('fits a tall flow whole when asked to, however small', () => {
    const modules = [at('t', 0, 0, 'trigger'), ...Array.from({ length: 20 }, (_, i) => at(`m${i}`, 0, 200 * (i + 1)))];
    const v = startViewport(modules, 1000, 600, pad, 0);
    expect(v.zoom).toBeLessThan(MIN_READABLE_ZOOM);
    expect(screen(v, 0, 200 * 20 + MODULE_SIZE.height).y).toBeLessThanOrEqual(600 - pad.bottom + 1e-9);
  });

  it('never opens below the zoom where a 13 px name is drawn at 11 px (issue 18 §23)', () => {
    expect(13 * MIN_READABLE_ZOOM).toBeGreaterThanOrEqual(11);
    const modules = [at('t', 0, 0, 'trigger'), ...Array.from({ length: 10 }, (_, i) => at(`m${i}`, (i % 2) * 300, 180 * (i + 1)))];
    expect(startViewport(modules, 900, 560, pad).zoom).toBeGreaterThanOrEqual(MIN_READABLE_ZOOM);
  });

  it('gives an empty canvas a plain view', () => {
    expect(startViewport([], 800, 600, pad).zoom).toBe(1);
  });
});
