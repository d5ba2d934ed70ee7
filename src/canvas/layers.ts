/**
 * The canvas's parts that load after the first paint (ui/preloadable.ts: laterModule): the trace's
 * badge and follower (traceLayer.ts), and the comparison's ghosts, banner and markers
 * (compareLayer.ts), and a module's formula (Formula.tsx, shown while its credits are hovered or
 * focused). The places that draw them are in the first download and empty until then.
 */
import { laterModule, laterPart } from '../ui/preloadable';

export const TraceLayer = laterModule(() => import('./traceLayer'));
export const CompareLayer = laterModule(() => import('./compareLayer'));
export const FormulaLayer = laterModule(() => import('./Formula'));

/** The pill over the module the trace is at (TraceBadge.tsx). */
export const TraceBadge = laterPart(TraceLayer, (m) => m.TraceBadge);
/** A compared module's or edge's marker (ui/DiffTag.tsx). */
export const DiffTag = laterPart(CompareLayer, (m) => m.DiffTag);
/** A ghost node and edge, registered as React Flow types: there are ghosts only once the layer is here. */
export const GhostNode = laterPart(CompareLayer, (m) => m.GhostNode);
export const GhostEdge = laterPart(CompareLayer, (m) => m.GhostEdge);
/** The line over the canvas while comparing (CompareBanner.tsx). */
export const CompareBanner = laterPart(CompareLayer, (m) => m.CompareBanner);
/** The formula of a module's credits, under its badge (Formula.tsx, with the engine's explanation). */
export const Formula = laterPart(FormulaLayer, (m) => m.Formula);
