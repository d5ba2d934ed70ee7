/**
 * The words of the file reader's size refusals (io/decode.ts `fileTooLarge`) with the numbers of
 * the one table of limits (model/fieldRules.ts FILE_LIMITS), for tests: a changed limit changes
 * the expected message, not the test.
 */
import { MAX_FILE_BYTES } from '../limits';

const MiB = 1024 * 1024;
const count = (n: number) => n.toLocaleString('en-US');

/** The size cap in MB, as the messages write it. */
export const CAP_MB = MAX_FILE_BYTES / MiB;

/** The refusal of a file one byte over the cap: both sizes in bytes (they would round to the same MB). */
export const ONE_BYTE_OVER = `The file is ${count(MAX_FILE_BYTES + 1)} bytes; the limit is ${count(MAX_FILE_BYTES)} bytes (${CAP_MB} MB). It was not opened.`;

/** A file `extraMB` whole MB over the cap, and its refusal in MB. */
export const mbOver = (extraMB: number) => ({
  size: MAX_FILE_BYTES + extraMB * MiB,
  message: `The file is ${CAP_MB + extraMB} MB; the limit is ${CAP_MB} MB. It was not opened.`,
});

/** The refusal of a file that passed the cap while it was read. */
export const GREW = `The file grew past the limit of ${count(MAX_FILE_BYTES)} bytes (${CAP_MB} MB) while it was read. It was not opened.`;
