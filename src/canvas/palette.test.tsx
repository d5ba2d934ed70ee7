// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import { useRef, type RefObject } from 'react';
import { usePalette } from './palette';
import type { FarPalette } from './farScene';

afterEach(() => cleanup());

function Layer({ host, seen }: { host: RefObject<HTMLDivElement | null>; seen: FarPalette[] }) {
  seen.push(usePalette(host));
  return null;
}

function Canvas({ layers, seen, edge = '#123456' }: { layers: number; seen: FarPalette[]; edge?: string }) {
  const host = useRef<HTMLDivElement>(null);
  return (
    <div ref={host} style={{ '--edge': edge } as React.CSSProperties}>
      {Array.from({ length: layers }, (_, i) => (
        <Layer key={i} host={host} seen={seen} />
      ))}
    </div>
  );
}

describe('the canvas palette', () => {
  it("is read once for the layers painting on one element (a read forces the page's styles), and again when the theme changes", async () => {
    const reads = vi.spyOn(window, 'getComputedStyle');
    const seen: FarPalette[] = [];
    const { rerender } = render(<Canvas layers={1} seen={seen} />);
    const first = reads.mock.calls.length;
    expect(first).toBeGreaterThan(0);
    expect(seen.at(-1)!.edge).toBe('#123456');
    // A second layer mounting later (the edge layer) takes the palette read before.
    rerender(<Canvas layers={2} seen={seen} />);
    expect(reads.mock.calls.length).toBe(first);
    expect(seen.at(-1)!.edge).toBe('#123456');
    await act(async () => {
      document.documentElement.setAttribute('data-theme', 'dark');
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(reads.mock.calls.length).toBeGreaterThan(first);
    document.documentElement.removeAttribute('data-theme');
    reads.mockRestore();
  });

  it('is read again when the theme changed while no layer was mounted to hear it (a small flow shown meanwhile)', () => {
    const seen: FarPalette[] = [];
    const { rerender } = render(<Canvas layers={1} seen={seen} />);
    expect(seen.at(-1)!.edge).toBe('#123456');
    // The large flow's layers go (a small flow, a trace); the system turns dark meanwhile.
    rerender(<Canvas layers={0} seen={seen} edge="#654321" />);
    document.documentElement.setAttribute('data-theme', 'dark');
    try {
      rerender(<Canvas layers={1} seen={seen} edge="#654321" />);
      expect(seen.at(-1)!.edge).toBe('#654321');
    } finally {
      document.documentElement.removeAttribute('data-theme');
    }
  });
});
