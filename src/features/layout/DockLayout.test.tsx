// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DockLayout, useDockControls } from './DockLayout';
import { DEFAULT_DOCK_HEIGHT, DOCK_HEIGHT_KEY } from './dockHeight';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

/** Counts its mounts: a canvas mounted twice would be a second React Flow. */
function Probe({ mounts, name }: { mounts: string[]; name: string }) {
  useEffect(() => void mounts.push(name), [mounts, name]);
  return <p data-testid={name}>{name}</p>;
}

function DockState() {
  const controls = useDockControls();
  return (
    <p data-testid="collapse" data-collapsed={String(controls?.collapsed)}>
      collapse
    </p>
  );
}

describe('DockLayout', () => {
  it('lays the first frame out without the divider code, at the remembered height, and the panels take over without mounting the canvas or the dock again', async () => {
    localStorage.setItem(DOCK_HEIGHT_KEY, '300');
    const mounts: string[] = [];
    const { container } = render(<DockLayout canvas={<Probe mounts={mounts} name="canvas" />} dock={<Probe mounts={mounts} name="dock" />} />);
    // The first frame: both are in the page, the dock at its remembered height, no divider handle yet.
    expect(container.contains(screen.getByTestId('canvas'))).toBe(true);
    expect(container.contains(screen.getByTestId('dock'))).toBe(true);
    expect((container.querySelector('.cf-center__dock') as HTMLElement).style.flex).toBe('0 0 300px');
    expect(screen.queryByTestId('dock-divider')).toBeNull();
    // The resizable panels, once loaded, hold the same two elements.
    await waitFor(() => expect(screen.getByTestId('dock-divider')).toBeTruthy());
    expect(container.querySelector('#cf-canvas-panel')!.contains(screen.getByTestId('canvas'))).toBe(true);
    expect(container.querySelector('#cf-dock-panel')!.contains(screen.getByTestId('dock'))).toBe(true);
    expect(container.querySelectorAll('.cf-center')).toHaveLength(1);
    expect(mounts.sort()).toEqual(['canvas', 'dock']);
  });

  it('opens at the default height when none is remembered, the dock open and not maximised', () => {
    render(<DockLayout canvas={<p>canvas</p>} dock={<DockState />} />);
    expect((document.querySelector('.cf-center__dock') as HTMLElement).style.flex).toBe(`0 0 ${DEFAULT_DOCK_HEIGHT}px`);
    expect(screen.getByTestId('collapse').dataset.collapsed).toBe('false');
  });
});
