/** The fast-check seed of a test run: from FC_SEED, or fresh (see fastCheckSeed.ts). */

/** The seed in `value`: a whole number in fast-check's range, or undefined when absent or not one. */
export function seedFrom(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d{1,10}$/.test(value.trim())) return undefined;
  const seed = Number(value);
  return Number.isSafeInteger(seed) && seed >= -(2 ** 31) && seed < 2 ** 31 ? seed : undefined;
}

/** A fresh seed, for a run that was given none. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
