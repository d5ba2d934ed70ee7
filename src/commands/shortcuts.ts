/**
 * Keyboard shortcuts written like `Mod+Shift+Z`: `Mod` is ⌘ on a Mac and Ctrl elsewhere.
 * Matching is on `event.key` (what the key types), case-insensitive for letters.
 */

export interface KeyEventLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
  target?: unknown;
}

/** Whether the browser runs on a Mac (the editor detects it once; tests say which they want). */
export function isMac(): boolean {
  const nav = (globalThis as { navigator?: { platform?: string; userAgent?: string } }).navigator;
  if (!nav) return false;
  return /Mac|iPhone|iPad|iPod/i.test(nav.platform || nav.userAgent || '');
}

interface ParsedShortcut {
  mod: boolean;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

const KEY_ALIASES: Record<string, string> = {
  esc: 'escape',
  del: 'delete',
  space: ' ',
  plus: '+',
};

export function parseShortcut(shortcut: string): ParsedShortcut {
  // "Mod++" means Mod and the plus key: split on "+" that separates, keep a trailing "+".
  let parts: string[];
  if (shortcut === '+') parts = ['+'];
  else if (shortcut.endsWith('++')) parts = [...shortcut.slice(0, -2).split('+'), '+'];
  else parts = shortcut.split('+');
  const parsed: ParsedShortcut = { mod: false, ctrl: false, shift: false, alt: false, key: '' };
  for (const part of parts) {
    const lower = part.toLowerCase();
    if (lower === 'mod') parsed.mod = true;
    else if (lower === 'ctrl') parsed.ctrl = true;
    else if (lower === 'shift') parsed.shift = true;
    else if (lower === 'alt') parsed.alt = true;
    else parsed.key = KEY_ALIASES[lower] ?? lower;
  }
  return parsed;
}

/** Whether a key event is this shortcut. */
export function shortcutMatches(shortcut: string, event: KeyEventLike, mac = isMac()): boolean {
  const s = parseShortcut(shortcut);
  const key = (KEY_ALIASES[event.key.toLowerCase()] ?? event.key.toLowerCase());
  if (key !== s.key) return false;
  const wantMeta = s.mod && mac;
  const wantCtrl = s.ctrl || (s.mod && !mac);
  if (Boolean(event.metaKey) !== wantMeta) return false;
  if (Boolean(event.ctrlKey) !== wantCtrl) return false;
  if (Boolean(event.altKey) !== s.alt) return false;
  // A symbol that needs Shift to type ("?", "+") matches whatever the Shift key says.
  const isLetterOrNamed = /^[a-z0-9]$/.test(s.key) || s.key.length > 1;
  if (isLetterOrNamed && Boolean(event.shiftKey) !== s.shift) return false;
  if (!isLetterOrNamed && s.shift && !event.shiftKey) return false;
  return true;
}

const MAC_SYMBOLS: Record<string, string> = { mod: '⌘', ctrl: '⌃', shift: '⇧', alt: '⌥' };
const KEY_NAMES: Record<string, string> = {
  escape: 'Esc',
  delete: 'Delete',
  backspace: 'Backspace',
  enter: 'Enter',
  ' ': 'Space',
  arrowup: '↑',
  arrowdown: '↓',
  arrowleft: '←',
  arrowright: '→',
};
const MAC_KEY_NAMES: Record<string, string> = { ...KEY_NAMES, delete: '⌦', backspace: '⌫', enter: '↩' };

/** How a shortcut reads to the user: `⌘⇧Z` on a Mac, `Ctrl+Shift+Z` elsewhere. */
export function formatShortcut(shortcut: string, mac = isMac()): string {
  const s = parseShortcut(shortcut);
  const names = mac ? MAC_KEY_NAMES : KEY_NAMES;
  const key = names[s.key] ?? (s.key.length === 1 ? s.key.toUpperCase() : s.key[0]!.toUpperCase() + s.key.slice(1));
  if (mac) {
    return `${s.ctrl ? MAC_SYMBOLS.ctrl : ''}${s.alt ? MAC_SYMBOLS.alt : ''}${s.shift ? MAC_SYMBOLS.shift : ''}${s.mod ? MAC_SYMBOLS.mod : ''}${key}`;
  }
  const parts: string[] = [];
  if (s.mod || s.ctrl) parts.push('Ctrl');
  if (s.alt) parts.push('Alt');
  if (s.shift) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

/** Whether the event comes from a place where the user types text (input, textarea, select, contenteditable). */
export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const el = target as { tagName?: unknown; isContentEditable?: unknown; closest?: (s: string) => unknown };
  const tag = typeof el.tagName === 'string' ? el.tagName.toUpperCase() : '';
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (el.isContentEditable === true) return true;
  if (typeof el.closest === 'function') {
    try {
      return el.closest('[contenteditable=""], [contenteditable="true"]') !== null;
    } catch {
      return false;
    }
  }
  return false;
}
