// @vitest-environment happy-dom
/**
 * The same text means the same amount in every field that takes the quantity (issue 13 item 4):
 * the inspector, the what-if panels, the rate card, the budget and runs per month read it with
 * the one reader (model/numberText) and the unit and scale of the one table (model/fieldRules).
 * The CLI's options run the same rows in cli/args.test.ts.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { renderWithEditor, testEditor, type TestEditor } from '../editor/testing';
import type { Estimate, Flow } from '../model/types';
import { TYPED_NUMBERS } from '../model/testing/typedNumberCases';
import { Inspector, preloadInspectors } from './inspector/Inspector';
import { ScenarioPanel } from './whatIf/ScenarioPanel';
import { BudgetPanel } from './whatIf/BudgetPanel';
import { RateCardEditor } from './rateCard/RateCardEditor';
import { RunsPerMonthField } from './fields/RunsPerMonthField';

const flow = (): Flow => ({
  format: 'creditflow',
  version: 3,
  name: 'Typed',
  settings: { runsPerMonth: 7 },
  modules: [
    { id: 'm1', type: 'trigger', name: 'Hook', position: { x: 0, y: 0 } },
    { id: 'm2', type: 'action', name: 'Act', position: { x: 0, y: 150 }, assumptions: { durationSec: 7, extraCredits: 7, failureRate: 0.07 } },
  ],
  edges: [{ id: 'e1', source: 'm1', target: 'm2', filter: { mode: 'break', passRate: 0.7 } }],
});

let editor: TestEditor;
const doc = () => editor.store.getState().flow;

function type(testId: string, text: string) {
  const input = screen.getByTestId(testId);
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter' });
}

/** A place a person types a number: renders it on a fresh editor, types, and reads what was stored. */
type Place = (text: string) => Estimate | undefined | null;

function open(ui: Parameters<typeof renderWithEditor>[0], select?: { modules: string[]; edges: string[] }) {
  editor = testEditor({ flow: flow() });
  if (select) act(() => editor.store.getState().setSelection(select));
  renderWithEditor(ui, editor);
}

const inspectorModule =
  (key: 'failureRate' | 'durationSec' | 'extraCredits'): Place =>
  (text) => {
    open(<Inspector />, { modules: ['m2'], edges: [] });
    type(`field-${key}`, text);
    return doc().modules[1]!.assumptions?.[key];
  };

/** A scenario's override of an assumption of m2 (undefined: none stored). */
const whatIfModule =
  (key: 'failureRate' | 'durationSec' | 'extraCredits'): Place =>
  (text) => {
    open(<ScenarioPanel />);
    fireEvent.click(screen.getByTestId('scenario-add'));
    const id = doc().scenarios![0]!.id;
    fireEvent.change(screen.getByTestId(`scenario-module-${id}`), { target: { value: 'm2' } });
    fireEvent.change(screen.getByTestId(`scenario-key-${id}`), { target: { value: key } });
    type(`scenario-module-value-${id}`, text);
    return doc().scenarios![0]!.overrides.modules?.m2?.[key];
  };

const PLACES = {
  passRate: {
    'inspector, filter': (text: string) => {
      open(<Inspector />, { modules: [], edges: ['e1'] });
      type('field-passRate', text);
      return doc().edges[0]!.filter!.passRate;
    },
    'what-if, pass rate': (text: string) => {
      open(<ScenarioPanel />);
      fireEvent.click(screen.getByTestId('scenario-add'));
      const id = doc().scenarios![0]!.id;
      fireEvent.change(screen.getByTestId(`scenario-edge-${id}`), { target: { value: 'e1' } });
      type(`scenario-edge-value-${id}`, text);
      return doc().scenarios![0]!.overrides.edges?.e1?.passRate;
    },
  },
  failureRate: { 'inspector, module': inspectorModule('failureRate'), 'what-if, assumption value': whatIfModule('failureRate') },
  durationSec: {
    'inspector, module': inspectorModule('durationSec'),
    'what-if, assumption value': whatIfModule('durationSec'),
    'rate card, reference duration': (text: string) => {
      open(<RateCardEditor />);
      type('field-rate-time-referenceSec', text);
      return doc().settings.rateCard?.time?.referenceSec;
    },
  },
  runsPerMonth: {
    'flow settings': (text: string) => {
      open(<Inspector />);
      type('field-runsPerMonth', text);
      return doc().settings.runsPerMonth;
    },
    'cost panel': (text: string) => {
      open(<RunsPerMonthField value={7} fallback={7} testId="cost-runs-per-month" />);
      type('cost-runs-per-month', text);
      return doc().settings.runsPerMonth;
    },
    'what-if, runs per month': (text: string) => {
      open(<ScenarioPanel />);
      fireEvent.click(screen.getByTestId('scenario-add'));
      const id = doc().scenarios![0]!.id;
      fireEvent.change(screen.getByLabelText('How to enter runs per month'), { target: { value: 'value' } });
      type(`scenario-runs-${id}`, text);
      return doc().scenarios![0]!.overrides.runsPerMonth;
    },
  },
  credits: {
    'inspector, extra credits': inspectorModule('extraCredits'),
    'what-if, extra credits': whatIfModule('extraCredits'),
    'rate card, base credits': (text: string) => {
      open(<RateCardEditor />);
      type('field-rate-baseCredits-action', text);
      return doc().settings.rateCard?.baseCredits?.action;
    },
    'flow settings, budget': (text: string) => {
      open(<Inspector />);
      type('field-budget', text);
      return doc().settings.budget?.amount;
    },
    'what-if, budget': (text: string) => {
      open(<BudgetPanel />);
      type('budget-amount', text);
      return doc().settings.budget?.amount;
    },
  },
} satisfies Record<keyof typeof TYPED_NUMBERS, Record<string, Place>>;

/** What each place held before typing: a refused text leaves it so. */
const BEFORE: Record<keyof typeof TYPED_NUMBERS, Record<string, Estimate | undefined>> = {
  passRate: { 'inspector, filter': 0.7 },
  failureRate: { 'inspector, module': 0.07 },
  durationSec: { 'inspector, module': 7 },
  runsPerMonth: { 'flow settings': 7, 'cost panel': 7 },
  credits: { 'inspector, extra credits': 7 },
};

beforeAll(() => preloadInspectors());
afterEach(() => cleanup());

describe('a typed number means the same amount in every field of its quantity', () => {
  for (const [quantity, rows] of Object.entries(TYPED_NUMBERS) as [keyof typeof TYPED_NUMBERS, readonly (readonly [string, number | null])[]][]) {
    for (const [text, stored] of rows) {
      it(`${quantity}: “${text}” ${stored === null ? 'is refused' : `stores ${stored}`} everywhere`, () => {
        const got: Record<string, Estimate | undefined | null> = {};
        const want: Record<string, Estimate | undefined | null> = {};
        for (const [place, read] of Object.entries(PLACES[quantity]) as [string, Place][]) {
          got[place] = read(text);
          want[place] = stored ?? BEFORE[quantity][place];
          cleanup();
        }
        expect(got).toEqual(want);
      });
    }
  }
});
