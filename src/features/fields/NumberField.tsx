import { numberFieldWith } from './numberFieldWith';
import { READING_NOTES } from './useReadingNote';

export type { NumberFieldProps } from './numberFieldWith';

/**
 * The number field (numberFieldWith.tsx), with the note on how a text typed was read ("Read as
 * 0.5 %…": useReadingNote.tsx). The first frame's fields, in units no note is about, use
 * PlainNumberField, so this note's code loads with the panels that have fields in %.
 */
export const NumberField = numberFieldWith(READING_NOTES);
