/**
 * The theme's colours the canvas layers paint with (the far canvas, FarCanvas.tsx, and the edge
 * layer, PaintedEdges.tsx): the canvas's CSS custom properties, read again when the page's theme
 * or the system's colour scheme changes.
 */
import { useEffect, useState, type RefObject } from 'react';
import { DEFAULT_PALETTE, type FarPalette } from './farScene';

/** The theme's colours as the canvas's CSS custom properties give them. */
export function readPalette(element: Element | null): FarPalette {
  if (!element) return DEFAULT_PALETTE;
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    surface: read('--surface', DEFAULT_PALETTE.surface),
    border: read('--border', DEFAULT_PALETTE.border),
    edge: read('--edge', DEFAULT_PALETTE.edge),
    edgeSelected: read('--edge-selected', DEFAULT_PALETTE.edgeSelected),
    accent: read('--accent', DEFAULT_PALETTE.accent),
    danger: read('--danger', DEFAULT_PALETTE.danger),
    warning: read('--warning', DEFAULT_PALETTE.warning),
  };
}

/**
 * The palette last read for each element, shared by the layers that paint on it: reading it forces
 * the browser to work out the page's styles first, and the edge layer mounts right after React Flow
 * has added its edges' elements (a router's routes: 25–35 ms of style on a loaded machine, issue 18
 * item 9). Read again when the theme changes.
 */
const lastRead = new WeakMap<Element, { theme: string; palette: FarPalette }>();

/**
 * What the theme depends on, read without working out any style: the system's colour scheme and
 * the page's theme attributes. A palette read under another theme (changed while no layer was
 * mounted to hear it) is read again.
 */
function themeNow(): string {
  const root = document.documentElement;
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  return `${dark}|${root.getAttribute('data-theme') ?? ''}|${root.className}|${root.getAttribute('style') ?? ''}`;
}

function knownPalette(element: Element | null): FarPalette {
  if (!element) return DEFAULT_PALETTE;
  const theme = themeNow();
  const known = lastRead.get(element);
  if (known && known.theme === theme) return known.palette;
  const palette = readPalette(element);
  lastRead.set(element, { theme, palette });
  return palette;
}

/** The colours of `host`'s theme, kept up to date. */
export function usePalette(host: RefObject<HTMLDivElement | null>): FarPalette {
  const [palette, setPalette] = useState<FarPalette>(() => knownPalette(host.current));
  useEffect(() => {
    const update = (next: FarPalette) => setPalette((before) => (JSON.stringify(next) === JSON.stringify(before) ? before : next));
    const read = () => {
      const next = readPalette(host.current);
      if (host.current) lastRead.set(host.current, { theme: themeNow(), palette: next });
      update(next);
    };
    update(knownPalette(host.current));
    const scheme = window.matchMedia?.('(prefers-color-scheme: dark)');
    scheme?.addEventListener('change', read);
    const theme = new MutationObserver(read);
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
    return () => {
      scheme?.removeEventListener('change', read);
      theme.disconnect();
    };
  }, [host]);
  return palette;
}
