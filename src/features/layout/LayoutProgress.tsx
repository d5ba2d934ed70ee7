import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useEditorInstance } from '../../editor/react';

/** An auto-layout shorter than this shows nothing (most flows lay out at once). */
export const LAYOUT_PROGRESS_AFTER_MS = 500;

/**
 * The auto-layout in flight when it takes long: how many modules, the seconds so far (elk gives
 * no share done, so the bar goes without one) and Cancel, which leaves the flow as it was. The
 * layout runs in a worker, so the page keeps drawing meanwhile.
 */
export function LayoutProgress() {
  const editor = useEditorInstance();
  const running = useStore(editor.commands.layout, (s) => s.running);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [running]);
  if (!running) return null;
  const elapsed = now - running.startedAt;
  if (elapsed < LAYOUT_PROGRESS_AFTER_MS) return null;
  return (
    <div className="cf-toast cf-toast--info cf-layout-progress" role="status" data-testid="layout-progress">
      <span className="cf-toast__message">
        Laying out {running.modules.toLocaleString('en-US')} modules… {Math.floor(elapsed / 1000)} s
        <progress className="cf-layout-progress__bar" aria-label="Auto-layout in progress" />
      </span>
      <button type="button" className="cf-btn cf-layout-progress__cancel" data-testid="layout-cancel" onClick={() => void editor.commands.run('view.cancelLayout')}>
        Cancel
      </button>
    </div>
  );
}
