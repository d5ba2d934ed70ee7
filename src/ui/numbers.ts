/**
 * Number formatting for the app: the engine's display helpers, so the canvas, the panels
 * and the CLI write every number the same way.
 */
export { formatCredits, formatDollars, formatNumber as formatCount, formatPercent, formatExecutions } from '../cost/format';
