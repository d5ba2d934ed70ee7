import { describe, expect, it } from 'vitest';
import { formatShortcut, isTypingTarget, parseShortcut, shortcutMatches } from './shortcuts';

const key = (k: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
  key: k,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
});

describe('shortcutMatches', () => {
  it('Mod is Ctrl elsewhere and ⌘ on a Mac', () => {
    expect(shortcutMatches('Mod+Z', key('z', { ctrl: true }), false)).toBe(true);
    expect(shortcutMatches('Mod+Z', key('z', { meta: true }), false)).toBe(false);
    expect(shortcutMatches('Mod+Z', key('z', { meta: true }), true)).toBe(true);
    expect(shortcutMatches('Mod+Z', key('z', { ctrl: true }), true)).toBe(false);
  });

  it('tells Mod+Z from Mod+Shift+Z, whatever case the key reports', () => {
    expect(shortcutMatches('Mod+Z', key('Z', { ctrl: true, shift: true }), false)).toBe(false);
    expect(shortcutMatches('Mod+Shift+Z', key('Z', { ctrl: true, shift: true }), false)).toBe(true);
    expect(shortcutMatches('Mod+Shift+Z', key('z', { ctrl: true }), false)).toBe(false);
    expect(shortcutMatches('Mod+Y', key('y', { ctrl: true }), false)).toBe(true);
  });

  it('plain keys need no modifier, and a modifier makes them another shortcut', () => {
    expect(shortcutMatches('Delete', key('Delete'), false)).toBe(true);
    expect(shortcutMatches('Backspace', key('Backspace'), false)).toBe(true);
    expect(shortcutMatches('Delete', key('Delete', { ctrl: true }), false)).toBe(false);
    expect(shortcutMatches('Escape', key('Escape'), false)).toBe(true);
    expect(shortcutMatches('H', key('h'), false)).toBe(true);
    expect(shortcutMatches('H', key('H', { shift: true }), false)).toBe(false);
  });

  it('symbols typed with Shift match without naming Shift', () => {
    expect(shortcutMatches('?', key('?', { shift: true }), false)).toBe(true);
    expect(shortcutMatches('+', key('+', { shift: true }), false)).toBe(true);
    expect(shortcutMatches('Mod++', key('+', { ctrl: true }), false)).toBe(true);
    expect(parseShortcut('Mod++')).toMatchObject({ mod: true, key: '+' });
  });
});

describe('formatShortcut', () => {
  it('reads ⌘Z on a Mac and Ctrl+Z elsewhere', () => {
    expect(formatShortcut('Mod+Z', true)).toBe('⌘Z');
    expect(formatShortcut('Mod+Z', false)).toBe('Ctrl+Z');
    expect(formatShortcut('Mod+Shift+Z', true)).toBe('⇧⌘Z');
    expect(formatShortcut('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatShortcut('Delete', false)).toBe('Delete');
    expect(formatShortcut('Escape', false)).toBe('Esc');
    expect(formatShortcut('Shift+1', false)).toBe('Shift+1');
  });
});

describe('isTypingTarget', () => {
  it('knows inputs, textareas, selects and editable elements', () => {
    expect(isTypingTarget({ tagName: 'INPUT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'textarea' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: false })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
