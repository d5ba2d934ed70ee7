import { describe, expect, it } from 'vitest';
import { panToShow } from './traceFollow';

const pane = { width: 1000, height: 600 };
const box = { x: 100, y: 100, width: 200, height: 80 };

describe('following the trace on the canvas', () => {
  it('does not move the view when the module is in view', () => {
    expect(panToShow({ x: 0, y: 0, zoom: 1 }, pane, box)).toBeNull();
    expect(panToShow({ x: -20, y: 0, zoom: 1.5 }, pane, box)).toBeNull();
  });

  it('centres a module off screen (or too near an edge), keeping the zoom', () => {
    const far = { ...box, x: 3000, y: 2000 };
    const view = panToShow({ x: 0, y: 0, zoom: 0.5 }, pane, far)!;
    expect(view.zoom).toBe(0.5);
    // The module's centre lands on the pane's centre.
    expect((far.x + far.width / 2) * view.zoom + view.x).toBe(pane.width / 2);
    expect((far.y + far.height / 2) * view.zoom + view.y).toBe(pane.height / 2);
    // 10 px from the top, under the margin the step's pill needs.
    expect(panToShow({ x: 0, y: -90, zoom: 1 }, pane, box)).not.toBeNull();
  });
});
