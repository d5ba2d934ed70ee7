/**
 * What the canvas draws only while comparing: the ghosts of what only the flow compared with has,
 * the banner over the canvas and the markers on changed modules and edges. Not in the first
 * download: the canvas loads it when the browser is first idle (App) or when a comparison starts.
 */
export { GhostEdge, GhostNode } from './Ghosts';
export { ghostsOf } from './ghosts';
export { CompareBanner } from './CompareBanner';
export { DiffTag } from '../ui/DiffTag';
