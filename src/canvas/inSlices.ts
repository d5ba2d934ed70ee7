/**
 * When the canvas's work over every module is done in slices (scheduling/slices.ts: a generator
 * run while a slice has time left, each slice a task of its own, so the page answers input and
 * paints between slices; issue 18 item 9: never frozen more than 100 ms).
 */

/**
 * Above this many modules the canvas's work over every module (the far scene, the minimap's cards)
 * is done in slices: at 20,000 modules the far scene was one task of 54 ms, at 100,000 several hundred.
 */
export const SLICED_SCENE_ABOVE = 5_000;

/**
 * Whether the work over a flow's modules and edges is done in slices: more than SLICED_SCENE_ABOVE
 * of either (50,000 edges among 450 modules made the far scene one task of 100 ms on a loaded machine).
 */
export const inSlices = (modules: number, edges: number): boolean => modules > SLICED_SCENE_ABOVE || edges > SLICED_SCENE_ABOVE;
