import { useEffect } from 'react';
import { X } from 'lucide-react';
import { useEditor, useEditorInstance } from '../../editor/react';

const DURATION_MS = 6000;

/** The store's toast: a short message that goes away by itself. */
export function Toast() {
  const { store } = useEditorInstance();
  const toast = useEditor((s) => s.ui.toast);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => store.getState().clearToast(), DURATION_MS);
    return () => clearTimeout(timer);
  }, [toast, store]);
  if (!toast) return null;
  return (
    <div className={`cf-toast cf-toast--${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
      <span>{toast.message}</span>
      <button type="button" className="cf-icon-btn" aria-label="Dismiss" onClick={() => store.getState().clearToast()}>
        <X size={14} />
      </button>
    </div>
  );
}
