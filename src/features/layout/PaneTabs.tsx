import { LayoutGrid, SlidersHorizontal, Workflow } from 'lucide-react';

/** The three panes a narrow screen shows one at a time. */
export type Pane = 'palette' | 'canvas' | 'inspector';

const PANES: readonly { id: Pane; label: string; icon: typeof Workflow }[] = [
  { id: 'palette', label: 'Modules', icon: LayoutGrid },
  { id: 'canvas', label: 'Canvas', icon: Workflow },
  { id: 'inspector', label: 'Inspector', icon: SlidersHorizontal },
];

/**
 * Below 900 px wide (a phone, a narrow window) the palette, the canvas and the inspector do not
 * fit side by side: these tabs show one at a time. Wider, the style sheet hides them.
 */
export function PaneTabs({ pane, onChange }: { pane: Pane; onChange: (pane: Pane) => void }) {
  return (
    <div className="cf-pane-tabs" role="tablist" aria-label="Panes" data-testid="pane-tabs">
      {PANES.map(({ id, label, icon: Icon }) => (
        <button
          key={id}
          type="button"
          role="tab"
          className="cf-pane-tab"
          aria-selected={pane === id}
          data-testid={`pane-${id}`}
          onClick={() => onChange(id)}
        >
          <Icon size={15} aria-hidden="true" />
          {label}
        </button>
      ))}
    </div>
  );
}
