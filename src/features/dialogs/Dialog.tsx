import { useEffect, useRef, type ReactNode } from 'react';
import { X } from 'lucide-react';

interface DialogProps {
  title: string;
  /** One line under the title. */
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  onClose: () => void;
  testId?: string;
  width?: number;
  /** Dialogs without a dimmed backdrop sit near the top, like a command palette. */
  variant?: 'modal' | 'palette';
}

/**
 * A modal dialog on the native <dialog> element: focus is trapped, Escape closes it, the
 * page behind is inert, and focus returns where it was when the dialog closes.
 */
export function Dialog({ title, description, children, footer, onClose, testId, width = 520, variant = 'modal' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`cf-dialog cf-dialog--${variant}`}
      style={{ width }}
      aria-label={title}
      data-testid={testId}
      onMouseDown={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="cf-dialog__inner">
        <header className="cf-dialog__header">
          <div>
            <h2 className="cf-dialog__title">{title}</h2>
            {description && <p className="cf-dialog__description">{description}</p>}
          </div>
          <button type="button" className="cf-icon-btn" aria-label="Close" onClick={onClose}>
            <X size={16} aria-hidden="true" />
          </button>
        </header>
        <div className="cf-dialog__body">{children}</div>
        {footer && <footer className="cf-dialog__footer">{footer}</footer>}
      </div>
    </dialog>
  );
}
