import type { ComponentType } from 'react';

/** The note under a field on how the text typed in it was read, while there is one (useReadingNote.tsx). */
export interface ReadingNote {
  note: string | null;
  /** Call with the draft's texts when the field accepts them: the note stays while the field shows their value. */
  committed(texts: readonly (string | null)[]): void;
}

/**
 * What a number field says about how its text was read: the hook that finds the note, and the line
 * that shows it. The fields of the first frame (the flow settings', the cost panel's runs per month)
 * are in units no note is about and take NO_READING_NOTES, so the notes' code (READING_NOTES,
 * useReadingNote.tsx) comes with the panels whose fields are in % (the inspectors, what-if, the
 * platforms', the rate card), all loaded later: the same field, without that code in the first download.
 */
export interface ReadingNotes {
  useReadingNote(unit: string | undefined, draft: readonly (string | null)[] | null, shown: readonly string[]): ReadingNote;
  Note: ComponentType<{ id: string; note: string }>;
}

const NO_NOTE: ReadingNote = { note: null, committed: () => undefined };

/** No note, for a field whose unit none is about (numberText.ts's READING_NOTES has no rule for it). */
export const NO_READING_NOTES: ReadingNotes = { useReadingNote: () => NO_NOTE, Note: () => null };
