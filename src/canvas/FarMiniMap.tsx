/**
 * The minimap of a large flow, painted on one canvas from the far scene (farScene.ts) instead of
 * React Flow's minimap of one SVG rectangle per module: at 10,000 modules those were 10,000 DOM
 * elements laid out with each new document, and React Flow's minimap shows nothing while the far
 * canvas paints the flow (React Flow then holds no nodes). A press or a drag on it centres the
 * view there, at the same zoom.
 */
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import { Panel, useReactFlow, useStoreApi } from '@xyflow/react';
import type { FarPalette, FarScene } from './farScene';
import { inChunks, rasterise, viewBox } from './farPaint';
import type { Box } from './gridIndex';
import { SLICED_SCENE_ABOVE } from './inSlices';
import { SLICE_MS, runInSlices, runToEnd } from '../scheduling/slices';

const WIDTH = 168;
const HEIGHT = 112;

/** Where the minimap shows the flow: `area` (the flow's modules) fitted in WIDTH × HEIGHT px, centred, with a margin. */
export function miniMapFit(area: Box): { scale: number; x: number; y: number } {
  const scale = Math.min(WIDTH / (area.width * 1.1 || 1), HEIGHT / (area.height * 1.1 || 1));
  return { scale, x: WIDTH / 2 - (area.x + area.width / 2) * scale, y: HEIGHT / 2 - (area.y + area.height / 2) * scale };
}

type Fit = ReturnType<typeof miniMapFit>;

/**
 * Paints the flow's modules at `fit`, each at least one pixel each way so a large flow's shape
 * shows; yields after each chunk of cards (20,000 cards were one 55 ms task on a loaded machine).
 */
function* paintCards(ctx: CanvasRenderingContext2D | null, scene: FarScene, { scale, x, y }: Fit, dpr: number): Generator<void, void> {
  if (!ctx) return;
  const least = 1 / scale;
  for (const group of scene.cardGroups)
    yield* inChunks(
      ctx,
      group.cards,
      () => ctx.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * x, dpr * y),
      (c) => ctx.rect(c.x, c.y, Math.max(c.width, least), Math.max(c.height, least)),
      () => {
        ctx.fillStyle = group.stroke;
        ctx.fill();
      },
    );
}

interface CardLayer {
  scene: FarScene;
  dpr: number;
  layer: HTMLCanvasElement;
  fit: Fit;
}

export function FarMiniMap({ scene, palette }: { scene: FarScene; palette: FarPalette }) {
  const rf = useReactFlow();
  const rfStore = useStoreApi();
  const canvas = useRef<HTMLCanvasElement>(null);
  const fit = useRef(miniMapFit({ x: 0, y: 0, width: 1, height: 1 }));
  const cards = useRef<CardLayer | null>(null);
  // The layer of a new scene being painted in slices (a large flow's), and how to stop it.
  const painting = useRef<{ scene: FarScene; dpr: number; cancel: () => void } | null>(null);
  // Counts the layers painted in slices: each one finished is shown in the next frame.
  const [layersDone, layerDone] = useReducer((n: number) => n + 1, 0);
  const frame = useRef(0);
  const now = useRef({ scene, palette });
  useLayoutEffect(() => {
    now.current = { scene, palette };
  });

  const paint = useCallback(() => {
    frame.current = 0;
    const element = canvas.current;
    const ctx = element?.getContext('2d');
    if (!element || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    if (element.width !== WIDTH * dpr) {
      element.width = WIDTH * dpr;
      element.height = HEIGHT * dpr;
    }
    const { scene, palette } = now.current;
    const { transform, width, height } = rfStore.getState();
    const view = viewBox(transform, width, height);
    // The flow's modules are painted once per scene into a layer of their own; a frame of a pan
    // copies it and draws the view's frame over it. A large flow's layer is painted in slices
    // (scheduling/slices.ts) while the layer before it is shown.
    if ((cards.current?.scene !== scene || cards.current.dpr !== dpr) && (painting.current?.scene !== scene || painting.current.dpr !== dpr)) {
      painting.current?.cancel();
      painting.current = null;
      const layer = document.createElement('canvas');
      layer.width = WIDTH * dpr;
      layer.height = HEIGHT * dpr;
      const fitted = miniMapFit(scene.bounds ?? view);
      const steps = paintCards(layer.getContext('2d'), scene, fitted, dpr);
      if (scene.cards.length > SLICED_SCENE_ABOVE) {
        const scratch = Object.assign(document.createElement('canvas'), { width: 1, height: 1 });
        const done = () => {
          painting.current = null;
          cards.current = { scene, dpr, layer, fit: fitted };
          layerDone();
        };
        // Each slice's fills rasterised in it, not all in the frame that first shows the layer.
        const cancel = runInSlices(steps, done, SLICE_MS, undefined, () => rasterise(layer, scratch));
        painting.current = { scene, dpr, cancel };
      } else {
        runToEnd(steps);
        cards.current = { scene, dpr, layer, fit: fitted };
      }
    }
    if (!cards.current) return;
    const { scale, x, y } = (fit.current = cards.current.fit);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, element.width, element.height);
    ctx.drawImage(cards.current.layer, 0, 0);
    // Outside the view is veiled, as React Flow's minimap does; the view keeps a thin frame.
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const vx = view.x * scale + x;
    const vy = view.y * scale + y;
    const vw = view.width * scale;
    const vh = view.height * scale;
    ctx.beginPath();
    ctx.rect(0, 0, WIDTH, HEIGHT);
    ctx.rect(vx, vy, vw, vh);
    ctx.fillStyle = palette.surface;
    ctx.globalAlpha = 0.55;
    ctx.fill('evenodd');
    ctx.globalAlpha = 1;
    ctx.strokeStyle = palette.accent;
    ctx.lineWidth = 1;
    ctx.strokeRect(vx, vy, vw, vh);
  }, [rfStore]);
  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(paint);
  }, [paint]);

  useEffect(() => schedule(), [scene, palette, layersDone, schedule]);
  useEffect(() => {
    const unsubscribe = rfStore.subscribe(schedule);
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
      painting.current?.cancel();
      painting.current = null;
    };
  }, [rfStore, schedule]);

  /** Centres the view on the flow point under the pointer. */
  const centreAt = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const { scale, x, y } = fit.current;
    const fx = (event.clientX - rect.left - x) / scale;
    const fy = (event.clientY - rect.top - y) / scale;
    void rf.setCenter(fx, fy, { zoom: rf.getZoom() });
  };

  return (
    <Panel position="bottom-right" className="react-flow__minimap cf-far-minimap">
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        style={{ width: WIDTH, height: HEIGHT }}
        role="img"
        aria-label="Mini map"
        data-testid="far-minimap"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          centreAt(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons === 1) centreAt(e);
        }}
      />
    </Panel>
  );
}
