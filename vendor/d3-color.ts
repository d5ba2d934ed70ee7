/**
 * d3-color as the page's d3 modules need it: never called. vite.config.ts resolves `d3-color` to this
 * file, which keeps d3-color's parser, its table of CSS colour names and its colour spaces out of the
 * first download (4.3 kB gzip: docs/performance.md, "Initial JS, session 15").
 *
 * Who imports d3-color: d3-transition (a transition's `attr` or `style` tween reads a colour value
 * with `color`) and d3-interpolate (`interpolate` on a colour text, `interpolateRgb` and the other colour
 * interpolators), both brought by React Flow's d3-zoom. React Flow tweens only the zoom's transform,
 * with `interpolateZoom` (or `interpolate` on arrays of numbers), its selections' `style` calls set
 * plain strings, and Creditflow has no d3 of its own: no colour is ever read on the page
 * (vendor/d3-color.test.ts checks the imports and that the app imports no d3).
 *
 * Should one be: `color` reads nothing as a colour (null), so d3 interpolates the text as a string
 * (the numbers in it: `rgb(…)` texts still change smoothly, a hex or a name switches at the start), and
 * the colour interpolators and spaces throw, saying so. Use the real package (drop the alias) before
 * animating colours with d3.
 */

/** d3's colour reader: reads no text as a colour (a d3 transition then tweens it as a string). */
export function color(_text?: unknown): null {
  return null;
}

const notInBuild = (name: string) => (): never => {
  throw new Error(`d3-color's ${name} is not in Creditflow's build (vendor/d3-color.ts)`);
};
export const rgb = notInBuild('rgb');
export const hsl = notInBuild('hsl');
export const lab = notInBuild('lab');
export const hcl = notInBuild('hcl');
export const cubehelix = notInBuild('cubehelix');
