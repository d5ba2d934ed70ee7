import { estimateFieldWith } from './estimateFieldWith';
import { NumberField } from './NumberField';
import { READING_NOTES } from './useReadingNote';

export type { EstimateFieldProps } from './estimateFieldWith';

/**
 * The estimate field (estimateFieldWith.tsx: a number or a range), with the note on how a text typed
 * was read (useReadingNote.tsx). The first frame's runs per month uses PlainEstimateField.
 */
export const EstimateField = estimateFieldWith(READING_NOTES, NumberField);
