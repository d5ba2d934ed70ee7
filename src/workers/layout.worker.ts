/// <reference lib="webworker" />
/**
 * The auto-layout's worker for large flows: the layered layout of model/layered.ts off the page's
 * thread (commands/layout.ts starts one per layout and ends it on Cancel).
 */
import { layOutLayered, type LayeredGraph, type LayeredSpacing } from '../model/layered';

export interface LayeredRequest {
  graph: LayeredGraph;
  spacing: LayeredSpacing;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<LayeredRequest>) => {
  scope.postMessage(layOutLayered(event.data.graph, event.data.spacing));
};
