/**
 * Menus: the File menu's button and the items' shape. The open list (MenuList), the right-click
 * menu (ContextMenu) and the menus' own icons are in ui/MenuList.tsx, not in the first download:
 * they load when the browser is first idle after the first paint (`preloadMenus`), or with the
 * first menu opened, which then shows a moment later.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { preloadable, useLoaded } from './preloadable';

export interface MenuItem {
  id: string;
  label: string;
  /** Shown right-aligned ("Ctrl+Z"). */
  shortcut?: string;
  /** A command's icon: its lucide name (Command.icon). */
  icon?: string;
  disabled?: boolean;
  danger?: boolean;
  /** Draws a divider above this item. */
  separatorBefore?: boolean;
  onSelect?: () => void;
  submenu?: MenuItem[];
  testId?: string;
}

const MenuList = preloadable(() => import('./MenuList').then((m) => m.MenuList));

/** Fetches the open menus' code ahead (App: when the browser is first idle), so a menu opens at once. */
export const preloadMenus = (): Promise<void> => MenuList.preload();

/** Closes `onClose` on a pointer down outside `ref`. */
export function useOutsideClose(ref: React.RefObject<HTMLElement | null>, open: boolean, onClose: () => void) {
  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', onDown, true);
    return () => window.removeEventListener('pointerdown', onDown, true);
  }, [ref, open, onClose]);
}

interface MenuButtonProps {
  label: string;
  children: ReactNode;
  items: readonly MenuItem[];
  className?: string;
  testId?: string;
  menuTestId?: string;
}

/** A button that opens a dropdown menu below it. */
export function MenuButton({ label, children, items, className, testId, menuTestId }: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  useOutsideClose(wrap, open, () => setOpen(false));
  // Opened before the list's code is here (it loads when the browser is first idle): it shows once it is.
  const ready = useLoaded(MenuList, open);
  return (
    <div className="cf-menu-anchor" ref={wrap}>
      <button
        ref={button}
        type="button"
        className={className ?? 'cf-btn cf-btn--ghost'}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={label}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {children}
      </button>
      {open && ready && <MenuList items={items} label={label} onClose={close} className="cf-menu--dropdown" testId={menuTestId} />}
    </div>
  );
}

