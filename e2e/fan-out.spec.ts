/**
 * A large fan-out close up (issue 19; issue 18 item 9's router with 50,000 routes): React Flow is
 * given a bounded share of the edges near the view (canvas/nodeWindow.ts), and the edge layer paints
 * the others under the cards (canvas/PaintedEdges.tsx), so the routes still run from the router to
 * the view's edge; the router in view is still clicked, dragged and undone as any module.
 */
import { expect, test, type Page } from '@playwright/test';
import { serializeFlow } from '../src/io/serialize';
import { routesFlow } from '../bench/largeFiles';
import { EDGES_MAX } from '../src/canvas/nodeWindow';
import { EditorPage } from './editor.page';

const ROUTES = 3_000;
const FILE_URL = '/__e2e__/routes.json';

/** How many of the edge layer's pixels are painted, and a checksum of them. */
async function paintedPixels(page: Page): Promise<{ painted: number; sum: number }> {
  return page.getByTestId('painted-edges').evaluate((canvas) => {
    const element = canvas as HTMLCanvasElement;
    const { data } = element.getContext('2d')!.getImageData(0, 0, element.width, element.height);
    let painted = 0;
    let sum = 0;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i]! === 0) continue;
      painted++;
      sum = (sum * 31 + i) % 1_000_000_007;
    }
    return { painted, sum };
  });
}

test('a router with thousands of routes: React Flow draws a bounded share, the edge layer paints the rest, and the router is clicked and dragged as any module', async ({ page }) => {
  test.setTimeout(240_000);
  const editor = new EditorPage(page);
  await editor.open();
  const flow = routesFlow(ROUTES);
  await page.route(`**${FILE_URL}`, (route) => route.fulfill({ body: serializeFlow(flow), contentType: 'application/json' }));
  await editor.dropFileOnCanvas('routes.json', { url: FILE_URL });
  await expect(page.getByTestId('flow-name')).toHaveValue(flow.name, { timeout: 120_000 });

  // Every route runs from the router in view; React Flow draws at most EDGES_MAX of them (it drew all 3,000 before).
  const layer = page.getByTestId('painted-edges');
  await expect(layer).toHaveAttribute('data-edges', /^\d+$/, { timeout: 60_000 });
  const paintedLinks = Number(await layer.getAttribute('data-edges'));
  const drawnEdges = await page.locator('.react-flow__edge').count();
  expect(drawnEdges).toBeLessThanOrEqual(EDGES_MAX);
  expect(paintedLinks).toBeGreaterThanOrEqual(ROUTES - EDGES_MAX);
  const before = await paintedPixels(page);
  expect(before.painted).toBeGreaterThan(0);

  // The router: a click selects it, a drag moves it and its painted routes, one undo puts it back.
  const router = flow.modules.find((m) => m.type === 'router')!;
  await editor.revealModule(router.id);
  await editor.node(router.id).getByTestId('node-name').click();
  await expect(page.getByTestId('inspector').getByTestId('field-name')).toHaveValue(router.name);
  const placed = await editor.position(router.id);
  await editor.dragModule(router.id, 120, 80);
  await expect.poll(async () => (await editor.position(router.id)).x).not.toBe(placed.x);
  await expect.poll(async () => (await paintedPixels(page)).sum).not.toBe(before.sum);
  await editor.undo();
  await expect.poll(() => editor.position(router.id)).toEqual(placed);
});
