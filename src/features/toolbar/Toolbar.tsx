import { Fragment } from 'react';
import { CommandButton } from './CommandButton';
import { useEditor } from '../../editor/react';

/** The canvas toolbar: groups of registry commands, separated. */
export const TOOLBAR_GROUPS: readonly (readonly string[])[] = [
  ['view.palette', 'view.search'],
  ['edit.duplicate', 'edit.delete'],
  ['view.autoLayout', 'view.toggleSnap', 'view.toggleHeatmap'],
  ['view.zoomOut', 'view.zoomIn', 'view.fitView'],
];

export function Toolbar() {
  const snap = useEditor((s) => s.ui.snapToGrid);
  const heatmap = useEditor((s) => s.ui.heatmap);
  const pressed: Record<string, boolean> = { 'view.toggleSnap': snap, 'view.toggleHeatmap': heatmap };
  return (
    <div className="cf-toolbar" role="toolbar" aria-label="Canvas tools" data-testid="toolbar">
      {TOOLBAR_GROUPS.map((group, i) => (
        <Fragment key={group.join()}>
          {i > 0 && <span className="cf-toolbar__sep" aria-hidden="true" />}
          {group.map((id) => (
            <CommandButton key={id} id={id} pressed={id in pressed ? pressed[id] : undefined} />
          ))}
        </Fragment>
      ))}
    </div>
  );
}
