/**
 * What the canvas draws of a trace beyond the marks on its cards and edges (hooks.ts): the pill
 * over the step's module and the pan that follows the bundle. Not in the first download: the canvas
 * loads it when the browser is first idle (App) or when a trace is first shown.
 */
export { TraceBadge } from './TraceBadge';
export { TraceFollow } from './traceFollow';
