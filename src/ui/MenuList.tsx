/**
 * An open menu's list (MenuList) and the right-click menu (ContextMenu), with the menus' icons: not
 * in the first download (ui/Menu.tsx loads this when the browser is first idle, or with the first
 * menu opened).
 */
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import { ChevronRight } from 'lucide-react';
import { useOutsideClose, type MenuItem } from './Menu';
import { MenuIcon } from './menuIcons';

interface MenuListProps {
  items: readonly MenuItem[];
  label: string;
  onClose: () => void;
  style?: CSSProperties;
  className?: string;
  /** Focus the first item when the list opens (keyboard-opened menus). */
  autoFocus?: boolean;
  testId?: string;
  onPointerEnter?: () => void;
}

/** How long a submenu stays open after the pointer moves to another item of its parent menu. */
const SUBMENU_CLOSE_MS = 400;

function enabledButtons(list: HTMLElement | null): HTMLButtonElement[] {
  if (!list) return [];
  return Array.from(list.querySelectorAll<HTMLButtonElement>(':scope > li > button[role="menuitem"]:not(:disabled)'));
}

/** A vertical menu (role=menu) with arrow-key navigation, submenus and Escape to close. */
export function MenuList({ items, label, onClose, style, className, autoFocus = true, testId, onPointerEnter }: MenuListProps) {
  const ref = useRef<HTMLUListElement>(null);
  const [openSub, setOpenSub] = useState<string | null>(null);
  // Hovering another item closes an open submenu only after a moment, so a pointer on its way
  // to the submenu (crossing the item below) does not close it before the click.
  const closing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const cancelClose = () => clearTimeout(closing.current);
  useEffect(() => cancelClose, []);
  const hover = (item: MenuItem) => {
    cancelClose();
    if (item.submenu) setOpenSub(item.id);
    else if (openSub !== null) closing.current = setTimeout(() => setOpenSub(null), SUBMENU_CLOSE_MS);
  };

  useEffect(() => {
    if (autoFocus) enabledButtons(ref.current)[0]?.focus();
  }, [autoFocus]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLUListElement>) => {
    const buttons = enabledButtons(ref.current);
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      event.stopPropagation();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      buttons[(at + step + buttons.length) % buttons.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      (event.key === 'Home' ? buttons[0] : buttons[buttons.length - 1])?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowLeft' && openSub === null) {
      // inside a submenu: let the parent close it
    }
  };

  return (
    <ul
      ref={ref}
      role="menu"
      aria-label={label}
      className={`cf-menu ${className ?? ''}`}
      style={style}
      onKeyDown={onKeyDown}
      onPointerEnter={onPointerEnter}
      data-testid={testId}
    >
      {items.map((item) => (
        <li key={item.id} role="none" className={item.separatorBefore ? 'cf-menu__sep' : undefined}>
          <button
            type="button"
            role="menuitem"
            className={`cf-menu__item${item.danger ? ' cf-menu__item--danger' : ''}`}
            disabled={item.disabled}
            aria-haspopup={item.submenu ? 'menu' : undefined}
            aria-expanded={item.submenu ? openSub === item.id : undefined}
            data-testid={item.testId}
            onMouseEnter={() => hover(item)}
            onKeyDown={(e) => {
              if (item.submenu && (e.key === 'ArrowRight' || e.key === 'Enter' || e.key === ' ')) {
                e.preventDefault();
                e.stopPropagation();
                setOpenSub(item.id);
              }
            }}
            onClick={() => {
              if (item.submenu) {
                // Opens (a hover may have opened it already: the click never closes it under the pointer).
                cancelClose();
                setOpenSub(item.id);
                return;
              }
              onClose();
              item.onSelect?.();
            }}
          >
            <span className="cf-menu__icon">{item.icon !== undefined && <MenuIcon name={item.icon} size={14} />}</span>
            <span className="cf-menu__label">{item.label}</span>
            {item.shortcut && <span className="cf-menu__shortcut">{item.shortcut}</span>}
            {item.submenu && <ChevronRight size={14} className="cf-menu__chevron" aria-hidden="true" />}
          </button>
          {item.submenu && openSub === item.id && (
            <MenuList
              onPointerEnter={cancelClose}
              items={item.submenu}
              label={item.label}
              className="cf-menu--sub"
              onClose={() => {
                setOpenSub(null);
                onClose();
              }}
              autoFocus={false}
            />
          )}
        </li>
      ))}
    </ul>
  );
}

interface ContextMenuProps {
  x: number;
  y: number;
  items: readonly MenuItem[];
  label: string;
  onClose: () => void;
}

/**
 * A menu at a screen point (right click), kept inside the window. It is rendered on
 * document.body: an ancestor with `contain` or a transform (the canvas wrapper) would make
 * `position: fixed` relative to itself and move the menu away from the pointer.
 */
export function ContextMenu({ x, y, items, label, onClose }: ContextMenuProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState({ x, y });
  useOutsideClose(wrap, true, onClose);
  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const rect = el.getBoundingClientRect();
    setAt(placeAtPointer({ x, y }, rect, { width: window.innerWidth, height: window.innerHeight }));
  }, [x, y]);
  return createPortal(
    <div ref={wrap} className="cf-context-menu" style={{ left: at.x, top: at.y }} onContextMenu={(e) => e.preventDefault()}>
      <MenuList items={items} label={label} onClose={onClose} testId="context-menu" />
    </div>,
    document.body,
  );
}

/** Where a box of this size opens at the pointer: right of and below it, flipped left or up when it would leave the window, then kept 8 px inside. */
export function placeAtPointer(
  pointer: { x: number; y: number },
  size: { width: number; height: number },
  view: { width: number; height: number },
  margin = 8,
): { x: number; y: number } {
  const axis = (at: number, length: number, room: number) => {
    const start = at + length > room - margin && at - length >= margin ? at - length : at;
    return Math.max(margin, Math.min(start, room - length - margin));
  };
  return { x: axis(pointer.x, size.width, view.width), y: axis(pointer.y, size.height, view.height) };
}
