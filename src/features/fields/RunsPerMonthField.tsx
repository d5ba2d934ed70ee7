import { setRunsPerMonth } from '../../store/operations';
import { formatCount } from '../../ui/numbers';
import { useEditField } from '../../editor/react';
// Runs are a unit no reading note is about: the field without the notes' code (readingNotes.ts).
import { PlainNumberField as NumberField } from './numberFieldWith';
import { FIELD_RULES, typedRule } from '../../model/fieldRules';

/**
 * The flow's runs per month as a plain number, editable (one undo step per commit; empty goes
 * back to the default, shown as the placeholder). The cost panel and the platforms panel share it.
 */
export function RunsPerMonthField({ value, fallback, testId, layout }: { value: number | undefined; fallback: number; testId: string; layout?: 'stacked' | 'inline' }) {
  const editField = useEditField();
  return (
    <NumberField
      name="runsPerMonth"
      testId={testId}
      label="Runs per month"
      value={value}
      placeholder={formatCount(fallback)}
      {...typedRule(FIELD_RULES.runsPerMonth)}
      allowEmpty
      layout={layout}
      onCommit={(next) => editField('Set runs per month', (d) => setRunsPerMonth(d, next))}
    />
  );
}
