import { useState } from 'react';
import { Info } from 'lucide-react';
import { readNumber } from '../../model/numberText';
import { readingNote } from '../../model/readingNote';
import type { ReadingNote, ReadingNotes } from './readingNotes';

/** Whether two texts read as the same number in this unit (a committed "0.5" and the field's "0.5" after the share's round trip). */
function sameNumber(a: string, b: string, unit: string | undefined): boolean {
  const x = readNumber(a, { unit });
  const y = readNumber(b, { unit });
  return x.ok && y.ok && Number(x.value.toPrecision(12)) === Number(y.value.toPrecision(12));
}

/**
 * The note under a field on how the one reader read what was typed in it (`readingNote`,
 * model/numberText: a bare "0.5" in a field of % is 0.5 %, not 50 %): while it is typed, and once
 * committed for as long as the field shows the value it gave (an undo or a change from elsewhere
 * takes it away). `draft` holds the texts typed (a range's three; null for a part not typed, which
 * no note is about), or is null while nothing is typed; call `committed(draft)` when it is accepted.
 */
export function useReadingNote(unit: string | undefined, draft: readonly (string | null)[] | null, shown: readonly string[]): ReadingNote {
  const [typed, setTyped] = useState<readonly (string | null)[] | null>(null);
  const source = draft ?? (typed && typed.length === shown.length && typed.every((t, i) => t === null || sameNumber(t, shown[i]!, unit)) ? typed : null);
  const note = source?.map((text) => (text === null ? null : readingNote(text, unit))).find((n) => n !== null) ?? null;
  return { note, committed: setTyped };
}

/** The note, said politely (the value is accepted), under the id the input's aria-describedby names. */
function ReadingNoteLine({ id, note }: { id: string; note: string }) {
  return (
    <p className="cf-field__note" id={id} role="status" data-testid="field-note">
      <Info size={12} aria-hidden="true" className="cf-field__note-icon" />
      <span>{note}</span>
    </p>
  );
}

/** The notes of NumberField and EstimateField (readingNotes.ts says which fields go without). */
export const READING_NOTES: ReadingNotes = { useReadingNote, Note: ReadingNoteLine };
