/** Relative difference within which a predicted count matches the observed one. */
export const COUNT_TOLERANCE = 0.01;
