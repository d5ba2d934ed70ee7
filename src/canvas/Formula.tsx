import { useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { explainNode } from '../cost/explain';
import { useEditor, useEditorInstance } from '../editor/react';

interface Props {
  id: string;
  title: string;
  /** The element the tooltip points at (the credits badge). */
  anchor: HTMLElement | null;
  tooltipId: string;
}

const GAP = 8;
const MARGIN = 8;

/**
 * The formula of one module's credits with its numbers, as the engine explains it. Drawn in
 * a portal on top of everything (panels, minimap), below the badge, kept inside the window.
 */
export function Formula({ id, title, anchor, tooltipId }: Props) {
  const { derived } = useEditorInstance();
  const lines = useEditor((s) => {
    const cost = derived.selectFlowCost(s);
    const node = cost.byId.get(id);
    return node ? explainNode(node, cost.rateCard).join('\n') : '';
  });
  const ref = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!anchor || !el) return;
    const a = anchor.getBoundingClientRect();
    const t = el.getBoundingClientRect();
    let left = a.left;
    let top = a.bottom + GAP;
    if (left + t.width > window.innerWidth - MARGIN) left = window.innerWidth - MARGIN - t.width;
    if (top + t.height > window.innerHeight - MARGIN) top = a.top - GAP - t.height;
    setAt({ left: Math.max(MARGIN, left), top: Math.max(MARGIN, top) });
  }, [anchor, lines]);

  return createPortal(
    <div
      ref={ref}
      id={tooltipId}
      className="cf-formula"
      role="tooltip"
      data-testid="formula-tooltip"
      style={{ position: 'fixed', left: at?.left ?? -9999, top: at?.top ?? -9999, zIndex: 1000 }}
    >
      <p className="cf-formula__title">{title}</p>
      <ul className="cf-formula__lines">
        {lines.split('\n').map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </div>,
    document.body,
  );
}
