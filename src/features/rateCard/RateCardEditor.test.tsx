// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { RateCardEditor } from './RateCardEditor';
import { countChanges, SCALAR_FIELDS, timeExemptPatch } from './rateCardFields';
import { SCALAR_PATHS } from './rateCardChanges';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import type { ReactElement } from 'react';
import { priceFlow } from '../../cost/price';
import { formatCredits } from '../../ui/numbers';
import type { Flow } from '../../model/types';

/** Each test works on a fresh editor. */
let editor: TestEditor;
const state = () => editor.store.getState();
const render = (ui: ReactElement) => renderWithEditor(ui, editor);

function flow(): Flow {
  return {
    format: 'creditflow',
    version: 1,
    name: 'Rates',
    settings: {},
    modules: [
      { id: 'm1', type: 'trigger', name: 'Hook', position: { x: 0, y: 0 } },
      { id: 'm2', type: 'code', name: 'Transform', position: { x: 0, y: 150 }, assumptions: { durationSec: 10 } },
      { id: 'm3', type: 'router', name: 'Split', position: { x: 0, y: 300 }, config: { mode: 'standard' }, assumptions: { durationSec: 20 } },
    ],
    edges: [
      { id: 'e1', source: 'm1', target: 'm2' },
      { id: 'e2', source: 'm2', target: 'm3' },
    ],
  };
}

function commit(testId: string, text: string) {
  const input = screen.getByTestId(testId);
  fireEvent.change(input, { target: { value: text } });
  fireEvent.blur(input);
}

beforeEach(() => {
  editor = testEditor({ flow: flow() });
});
afterEach(cleanup);

describe('RateCardEditor', () => {
  it('stores only the constants that differ from the default, and the preview follows', () => {
    render(<RateCardEditor />);
    const total = () => screen.getByTestId('rate-card-total').textContent;
    expect(total()).toBe(formatCredits(priceFlow(state().flow).total));
    expect((screen.getByTestId('field-rate-baseCredits-code') as HTMLInputElement).value).toBe('1');

    commit('field-rate-baseCredits-code', '3');
    expect(state().flow.settings.rateCard).toEqual({ baseCredits: { code: 3 } });
    expect(total()).toBe(formatCredits(priceFlow(state().flow).total));
    expect(priceFlow(state().flow).total).toBeCloseTo(priceFlow(flow()).total + 2, 9);
    expect(screen.getByTestId('rate-card-changes').textContent).toBe('1 constant changed');

    commit('field-rate-time-referenceSec', '20');
    expect(state().flow.settings.rateCard).toEqual({ baseCredits: { code: 3 }, time: { referenceSec: 20 } });

    // typing the default value removes the key again
    commit('field-rate-baseCredits-code', '1');
    expect(state().flow.settings.rateCard).toEqual({ time: { referenceSec: 20 } });
    // so does clearing the field
    commit('field-rate-time-referenceSec', '');
    expect(state().flow.settings.rateCard).toBeUndefined();
  });

  it('refuses a reference size of zero and a negative constant', () => {
    render(<RateCardEditor />);
    commit('field-rate-payload-referenceKB', '0');
    expect(screen.getByTestId('field-error').textContent).toBe('Must be at least 0.001');
    expect(state().flow.settings.rateCard).toBeUndefined();
    fireEvent.keyDown(screen.getByTestId('field-rate-payload-referenceKB'), { key: 'Escape' });
    commit('field-rate-dollarsPerCredit', '-1');
    expect(screen.getByTestId('field-error').textContent).toBe('Must be at least 0');
    expect(state().flow.settings.rateCard).toBeUndefined();
  });

  it('toggles time-exempt kinds as checkboxes, and the router starts paying for time', () => {
    render(<RateCardEditor />);
    const router = screen.getByTestId('rate-exempt-router') as HTMLInputElement;
    expect(router.checked).toBe(true);
    const before = priceFlow(state().flow).byId.get('m3')!.time;
    expect(before).toBe(0);
    fireEvent.click(router);
    expect(state().flow.settings.rateCard).toEqual({ timeExempt: ['iterator', 'aggregator'] });
    expect(priceFlow(state().flow).byId.get('m3')!.time).toBeGreaterThan(0);
    fireEvent.click(screen.getByTestId('rate-exempt-router'));
    expect(state().flow.settings.rateCard).toBeUndefined();
  });

  it('resets to the defaults by removing settings.rateCard, as one undo step', () => {
    act(() => state().resetFlow({ ...flow(), settings: { rateCard: { dollarsPerCredit: 0.01, searchIterationSurcharge: 2 } } }));
    render(<RateCardEditor />);
    expect(screen.getByTestId('field-rate-dollarsPerCredit').closest('.cf-field')!.getAttribute('data-changed')).toBe('true');
    expect(screen.getByTestId('field-rate-time-referenceSec').closest('.cf-field')!.getAttribute('data-changed')).toBeNull();
    fireEvent.click(screen.getByTestId('rate-card-reset'));
    expect(state().flow.settings.rateCard).toBeUndefined();
    expect((screen.getByTestId('rate-card-reset') as HTMLButtonElement).disabled).toBe(true);
    act(() => state().undo());
    expect(state().flow.settings.rateCard).toEqual({ dollarsPerCredit: 0.01, searchIterationSurcharge: 2 });
  });
});

describe('rate card fields', () => {
  it('counts the constants that differ', () => {
    expect(countChanges(undefined)).toBe(0);
    expect(countChanges({ baseCredits: { code: 1, action: 2 }, time: { referenceSec: 10 }, dollarsPerCredit: 0.01 })).toBe(2);
    expect(countChanges({ timeExempt: ['router', 'iterator', 'aggregator', 'response'] })).toBe(1);
  });

  it('has one field (label, hint) per constant the count reads, in its order', () => {
    expect(SCALAR_FIELDS.map((f) => f.path)).toEqual([...SCALAR_PATHS]);
  });

  it('gives back the default list as "no change"', () => {
    expect(timeExemptPatch(['router', 'iterator', 'aggregator'], 'code', true)).toEqual({
      timeExempt: ['code', 'router', 'iterator', 'aggregator'],
    });
    expect(timeExemptPatch(['iterator', 'aggregator'], 'router', true)).toEqual({ timeExempt: undefined });
  });
});
