import { describe, expect, it } from 'vitest';
import { DIVIDER_HEIGHT, dragDock, MIN_CANVAS_HEIGHT, type DockSize } from './dockSize';
import { DOCK_TABS_HEIGHT, MIN_DOCK_HEIGHT } from './dockHeight';

const open: DockSize = { height: 232, collapsed: false, maximised: false };
const ROOM = 800;

describe('where a dragged divider leaves the dock', () => {
  it('at the height it is dragged to, in whole pixels', () => {
    expect(dragDock(open, 400.4, ROOM)).toEqual({ height: 400, collapsed: false, maximised: false });
  });

  it('below its least height: snaps to it, or folds to the tab bar past half the way there (keeping the height to open again at)', () => {
    const halfway = (MIN_DOCK_HEIGHT + DOCK_TABS_HEIGHT) / 2;
    expect(dragDock(open, halfway + 1, ROOM)).toEqual({ height: MIN_DOCK_HEIGHT, collapsed: false, maximised: false });
    expect(dragDock(open, halfway - 1, ROOM)).toEqual({ height: 232, collapsed: true, maximised: false });
  });

  it('leaves the canvas its least height, or takes the whole column once the canvas would be under half of it', () => {
    const most = ROOM - DIVIDER_HEIGHT - MIN_CANVAS_HEIGHT;
    expect(dragDock(open, most + 20, ROOM)).toEqual({ height: most, collapsed: false, maximised: false });
    expect(dragDock(open, ROOM - DIVIDER_HEIGHT - MIN_CANVAS_HEIGHT / 2 + 1, ROOM)).toEqual({ height: 232, collapsed: false, maximised: true });
  });

  it('a folded or full-height dock dragged to a height opens at it', () => {
    expect(dragDock({ ...open, collapsed: true }, 300, ROOM)).toEqual({ height: 300, collapsed: false, maximised: false });
    expect(dragDock({ ...open, maximised: true }, 500, ROOM)).toEqual({ height: 500, collapsed: false, maximised: false });
  });

  it('in a column not measured (0 px), only the dock’s own limits apply', () => {
    expect(dragDock(open, 5000, 0)).toEqual({ height: 5000, collapsed: false, maximised: false });
  });
});
