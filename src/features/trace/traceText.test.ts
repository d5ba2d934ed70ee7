import { describe, expect, it } from 'vitest';
import { describeStep, itemText, stepWindow } from './traceText';

describe('trace words', () => {
  it('names the loop item from 1, outermost first', () => {
    expect(itemText([])).toBe('');
    expect(itemText([2])).toBe('item 3');
    expect(itemText([0, 1])).toBe('item 1 › 2');
  });
  it('says what each outcome did', () => {
    const name = (id: string) => id.toUpperCase();
    const step = { moduleId: 'm', item: [], credits: 1 };
    expect(describeStep({ ...step, outcome: 'passed', items: 1 }, name)).toBe('ran, 1 item');
    expect(describeStep({ ...step, outcome: 'route', routes: ['e1'] }, name, (e) => `to ${e}`)).toBe('ran, took the route to e1');
    expect(describeStep({ ...step, outcome: 'route', routes: [] }, name)).toBe('ran, no route taken');
    expect(describeStep({ ...step, outcome: 'failed', errorBranch: true }, name)).toBe('failed, took its error branch');
    expect(describeStep({ ...step, outcome: 'stopped' }, name)).toBe('stopped by the filter into M');
  });
  it('lists a window of steps around the current one, shifted at the ends', () => {
    expect(stepWindow(100, 50, 5)).toEqual({ from: 45, to: 56 });
    expect(stepWindow(100, 1, 5)).toEqual({ from: 0, to: 11 });
    expect(stepWindow(100, 99, 5)).toEqual({ from: 89, to: 100 });
    expect(stepWindow(4, 2, 5)).toEqual({ from: 0, to: 4 });
  });
});
