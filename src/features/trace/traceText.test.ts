import { describe, expect, it } from 'vitest';
import { describeStep, itemText, stepWindow } from './traceText';
import type { Edge } from '../../model/types';

describe('trace words', () => {
  it('names the loop item from 1, outermost first', () => {
    expect(itemText([])).toBe('');
    expect(itemText([2])).toBe('item 3');
    expect(itemText([0, 1])).toBe('item 1 › 2');
  });
  it('says what each outcome did: the filter passed on the way in, the routes taken, the error branch taken', () => {
    const edges = new Map<string, Edge>([
      ['e1', { id: 'e1', source: 'r', target: 'a', route: { priority: 1, passRate: 0.5, fallback: false } }],
      ['e2', { id: 'e2', source: 'r', target: 'b', route: { priority: 2, passRate: 0, fallback: true } }],
      ['f', { id: 'f', source: 'x', target: 'm', filter: { mode: 'skip', passRate: 0.5 } }],
      ['err', { id: 'err', source: 'm', target: 'fix', error: true }],
    ]);
    const words = { nameOf: (id: string) => id.toUpperCase(), edges };
    const step = { moduleId: 'm', item: [], credits: 1 };
    expect(describeStep({ ...step, outcome: 'passed', items: 1 }, words)).toBe('ran, 1 item');
    expect(describeStep({ ...step, outcome: 'passed', via: 'f' }, words)).toBe('passed the filter, ran');
    expect(describeStep({ ...step, outcome: 'route', routes: ['e1'] }, words)).toBe('ran, took the route to A');
    expect(describeStep({ ...step, outcome: 'route', routes: ['e2'] }, words)).toBe('ran, took the route to B (fallback)');
    expect(describeStep({ ...step, outcome: 'route', routes: [] }, words)).toBe('ran, no route taken');
    expect(describeStep({ ...step, outcome: 'failed', errorBranch: true }, words)).toBe('failed, took its error branch to FIX');
    expect(describeStep({ ...step, outcome: 'failed', errorBranch: false }, words)).toBe('failed, the bundle stops');
    expect(describeStep({ ...step, outcome: 'skipped', via: 'f' }, words)).toBe('skipped by the filter on the way in (the bundle goes on)');
    expect(describeStep({ ...step, outcome: 'stopped' }, words)).toBe('stopped by the filter into M');
  });
  it('lists a window of steps from two before the current one (its third row), fewer at the start and the end', () => {
    expect(stepWindow(100, 50, 2, 25)).toEqual({ from: 48, to: 73 });
    expect(stepWindow(100, 1, 2, 25)).toEqual({ from: 0, to: 25 });
    expect(stepWindow(100, 99, 2, 25)).toEqual({ from: 97, to: 100 });
    expect(stepWindow(4, 2, 2, 25)).toEqual({ from: 0, to: 4 });
  });
});
