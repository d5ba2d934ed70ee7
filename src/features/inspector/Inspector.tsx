import { Suspense, useDeferredValue, useEffect, useState, type ReactNode } from 'react';
import { Layers, MousePointerClick, Trash2 } from 'lucide-react';
import { preloadable, whenIdleAfter } from '../../ui/preloadable';
import { FlowSettings } from './FlowSettings';
import { formatCredits } from '../../ui/numbers';
import '../fields/fields.css';
import './inspector.css';
import { useEditor, useEditorInstance, useFlowCost } from '../../editor/react';

/** A module's and an edge's inspectors load after the first paint (they bring the condition builder). */
const ModuleInspector = preloadable(() => import('./ModuleInspector').then((m) => m.ModuleInspector));
const EdgeInspector = preloadable(() => import('./EdgeInspector').then((m) => m.EdgeInspector));

/** Fetches the module and edge inspectors (the app does it when idle after the first paint; tests before rendering). */
export function preloadInspectors(): Promise<unknown> {
  return Promise.all([ModuleInspector.preload(), EdgeInspector.preload()]);
}

/**
 * The inspector for the selection: flow settings when nothing is selected, a module's name,
 * config, assumptions and cost; an edge's filter or route with its conditions; or the count
 * of a multiple selection with a delete button.
 */
export function Inspector() {
  // While modules are being dragged the inspector keeps what it shows: a drag that starts on an
  // unselected module selects it, and building that module's inspector (its code may still have
  // to load) would cost the drag frames. It follows once the drag ends. Deferred as well: a click
  // that selects paints the canvas first; the inspector follows in the next idle moment.
  const current = useEditor((s) => s.selection);
  const dragging = useDragInProgress();
  const [shown, setShown] = useState(current);
  if (!dragging && shown !== current) setShown(current);
  const selection = useDeferredValue(dragging ? shown : current);
  const { modules, edges } = selection;
  const editor = useEditorInstance();
  useEffect(() => whenIdleAfter(editor, () => void preloadInspectors()), [editor]);
  let body: ReactNode;
  if (modules.length === 0 && edges.length === 0) body = <FlowSettings />;
  else if (modules.length === 1 && edges.length === 0) body = <ModuleInspector key={modules[0]} moduleId={modules[0]!} />;
  else if (modules.length === 0 && edges.length === 1) body = <EdgeInspector key={edges[0]} edgeId={edges[0]!} />;
  else body = <MultiSelection moduleIds={modules} edges={edges.length} />;
  return (
    <aside className="cf-inspector" data-testid="inspector" aria-label="Inspector">
      <ScenarioNote />
      <Suspense fallback={<p className="cf-panel-empty">Loading the inspector…</p>}>{body}</Suspense>
    </aside>
  );
}

/**
 * True while modules are being dragged: a move gesture is open and the pointer has not been
 * released since it opened (so a gesture whose end was lost does not freeze the inspector).
 */
function useDragInProgress(): boolean {
  const moving = useEditor((s) => s.gesture !== null);
  const [released, setReleased] = useState(false);
  if (!moving && released) setReleased(false);
  useEffect(() => {
    if (!moving) return;
    const release = () => setReleased(true);
    window.addEventListener('pointerup', release, true);
    window.addEventListener('pointercancel', release, true);
    window.addEventListener('blur', release);
    return () => {
      window.removeEventListener('pointerup', release, true);
      window.removeEventListener('pointercancel', release, true);
      window.removeEventListener('blur', release);
    };
  }, [moving]);
  return moving && !released;
}

/** While a scenario is shown, the costs here include its overrides but the fields edit the base flow. */
function ScenarioNote() {
  const name = useEditor((s) => {
    const id = s.ui.activeScenarioId;
    return id === null ? undefined : s.flow.scenarios?.find((x) => x.id === id)?.name;
  });
  if (name === undefined) return null;
  return (
    <div className="cf-insp-scenario" data-testid="inspector-scenario" role="status">
      <Layers size={14} aria-hidden="true" />
      <p>
        Costs show the scenario <strong>{name}</strong>; the fields below edit the base flow.
      </p>
    </div>
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function MultiSelection({ moduleIds, edges }: { moduleIds: readonly string[]; edges: number }) {
  const { commands } = useEditorInstance();
  const cost = useFlowCost();
  const modules = moduleIds.length;
  const credits = moduleIds.reduce((sum, id) => sum + (cost.byId.get(id)?.credits ?? 0), 0);
  const share = cost.total > 0 ? credits / cost.total : 0;
  const parts = [modules > 0 ? plural(modules, 'module', 'modules') : '', edges > 0 ? plural(edges, 'edge', 'edges') : '']
    .filter(Boolean)
    .join(' and ');
  return (
    <div className="cf-insp-multi" data-testid="inspector-multi">
      <div className="cf-insp-multi__icon" aria-hidden="true">
        <MousePointerClick size={20} />
      </div>
      <p className="cf-insp-multi__count" data-testid="inspector-count">
        {parts} selected
      </p>
      {modules > 0 && (
        <p className="cf-insp-multi__credits" data-testid="inspector-multi-credits">
          <strong className="tabular">{formatCredits(credits)}</strong> credits / run together
          <span className="cf-muted"> · {(share * 100).toFixed(share < 0.1 ? 1 : 0)} % of the run</span>
        </p>
      )}
      <p className="cf-insp-hint">Drag them together on the canvas, copy them, or delete them with the edges that depend on them.</p>
      <button type="button" className="cf-btn cf-btn--danger" data-testid="inspector-delete" onClick={() => void commands.run('edit.delete')}>
        <Trash2 size={14} aria-hidden="true" /> Delete {parts}
      </button>
    </div>
  );
}
