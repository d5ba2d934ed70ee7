import { useEffect } from 'react';
import { X } from 'lucide-react';
import { useEditor, useEditorInstance } from '../../editor/react';

export const TOAST_MS = 6000;

/**
 * The store's toast: a short message that goes away by itself. It sits over the palette's
 * footer (or under the top bar on a narrow screen), never over the canvas; only its button
 * takes the pointer, so a drag that starts on it reaches what is under it and selects no text.
 * A new toast replaces the one shown and gets the full time again.
 */
export function Toast() {
  const { store } = useEditorInstance();
  const toast = useEditor((s) => s.ui.toast);
  const id = toast?.id;
  useEffect(() => {
    if (id === undefined) return;
    const timer = setTimeout(() => {
      if (store.getState().ui.toast?.id === id) store.getState().clearToast();
    }, TOAST_MS);
    return () => clearTimeout(timer);
  }, [id, store]);
  if (!toast) return null;
  return (
    <div
      key={toast.id}
      className={`cf-toast cf-toast--${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-testid="toast"
    >
      <span className="cf-toast__message">{toast.message}</span>
      <button type="button" className="cf-icon-btn cf-toast__dismiss" aria-label="Dismiss" data-testid="toast-dismiss" onClick={() => store.getState().clearToast()}>
        <X size={14} aria-hidden="true" />
      </button>
    </div>
  );
}
