/**
 * The one page object of the end-to-end tests: what a person sees and does in the editor,
 * through data-testid selectors, the mouse and the keyboard.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { formatCredits } from '../src/cost/format';

/** A dropped file's content: its text, a size (built in the page), or a URL the page fetches it from. */
export type FileContent = string | { bytes: number } | { url: string };

export class EditorPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByTestId('canvas')).toBeVisible();
    await expect(this.page.locator('.react-flow__node').first()).toBeVisible();
  }

  // ---- totals -------------------------------------------------------------------------

  totalRun(): Locator {
    return this.page.getByTestId('total-run');
  }

  /** The run total the top bar holds (its exact number, from data-value). */
  async totalRunValue(): Promise<number> {
    return Number(await this.totalRun().getAttribute('data-value'));
  }

  /** Waits until the top bar shows this run total, as a number and as text. */
  async expectTotal(credits: number): Promise<void> {
    await expect(this.totalRun()).toHaveText(formatCredits(credits));
    const shown = await this.totalRunValue();
    expect(shown).toBeCloseTo(credits, 9);
  }

  // ---- modules and edges ----------------------------------------------------------------

  /** The React Flow node wrapper of a module (draggable, selectable). */
  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  nodes(): Locator {
    return this.page.locator('.react-flow__node');
  }

  nodeByName(name: string): Locator {
    return this.page.locator('.react-flow__node').filter({ has: this.page.getByTestId('node-name').getByText(name, { exact: true }) });
  }

  async moduleIdByName(name: string): Promise<string> {
    const id = await this.nodeByName(name).first().getAttribute('data-id');
    if (!id) throw new Error(`No module named ${name}`);
    return id;
  }

  credits(id: string): Locator {
    return this.node(id).getByTestId('node-credits');
  }

  async creditsValue(id: string): Promise<number> {
    return Number(await this.credits(id).getAttribute('data-credits'));
  }

  execBadge(id: string): Locator {
    return this.node(id).getByTestId('exec-badge');
  }

  async executions(id: string): Promise<number> {
    const badge = this.execBadge(id);
    if ((await badge.count()) === 0) return 1;
    return Number(await badge.getAttribute('data-executions'));
  }

  edgeLabel(id: string): Locator {
    return this.page.getByTestId(`edge-label-${id}`);
  }

  /** Selects a module by clicking its title (found first with the search dialog if it is out of view). */
  async selectModule(id: string, options: { shift?: boolean } = {}): Promise<void> {
    await this.revealModule(id);
    await this.node(id).getByTestId('node-name').click(options.shift ? { modifiers: ['Shift'] } : {});
  }

  /** Whether a module's title is drawn inside the visible canvas, clear of its edges. */
  async moduleInView(id: string): Promise<boolean> {
    return this.page.evaluate((id) => {
      const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
      const node = [...document.querySelectorAll('.react-flow__node')].find((n) => n.getAttribute('data-id') === id);
      const title = node?.querySelector('[data-testid="node-name"]')?.getBoundingClientRect();
      if (!pane || !title) return false;
      const x = title.left + title.width / 2;
      const y = title.top + title.height / 2;
      return x > pane.left + 16 && x < pane.right - 16 && y > pane.top + 72 && y < pane.bottom - 16;
    }, id);
  }

  /**
   * Brings a module into view as a person would when it is not: Find a module (the toolbar's
   * search), pick it, and the canvas centres on it. The start view shows a large flow's start only.
   */
  async revealModule(id: string): Promise<void> {
    if (await this.moduleInView(id)) return;
    await this.page.getByTestId('cmd-view.search').click();
    await this.page.getByTestId('search-input').fill(id);
    await this.page.locator(`[id="search-hit-${id}"]`).click();
    await expect(this.page.getByTestId('search-dialog')).toHaveCount(0);
    await expect.poll(() => this.moduleInView(id)).toBe(true);
  }

  /** Selects an edge by its label, fitting the flow in view first if the label is off screen (as a person would). */
  async selectEdge(id: string): Promise<void> {
    const label = this.edgeLabel(id);
    const inView = () =>
      label.evaluate((el) => {
        const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        if (!pane) return false;
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        return x > pane.left && x < pane.right && y > pane.top && y < pane.bottom;
      });
    if (!(await inView())) {
      await this.page.getByTestId('cmd-view.fitView').click();
      await expect.poll(inView).toBe(true);
    }
    await label.click();
  }

  async clickEmptyCanvas(): Promise<void> {
    const pane = this.page.locator('.react-flow__pane');
    const box = await pane.boundingBox();
    if (!box) throw new Error('no pane');
    const at = await this.emptyCanvasPoint({ x: box.x + box.width - 40, y: box.y + 80 });
    await this.page.mouse.click(at.x, at.y);
  }

  /**
   * The point of the canvas nearest to `near` (screen pixels) that is verifiably empty: the
   * browser's own hit test there (document.elementFromPoint) finds the bare pane, and no module,
   * edge, edge label or canvas panel (toolbar, minimap, controls) lies within `margin` pixels;
   * no handle lies within `handleMargin` (the canvas snaps a dropped edge to a handle within
   * 48 px). Throws when the canvas has no such point.
   */
  async emptyCanvasPoint(near: { x: number; y: number }, margin = 24, handleMargin = 72): Promise<{ x: number; y: number }> {
    const point = await this.page.evaluate(
      ({ near, margin, handleMargin }) => {
        const pane = document.querySelector('.react-flow__pane');
        if (!pane) return null;
        const area = pane.getBoundingClientRect();
        const rects = (selector: string) => [...document.querySelectorAll(selector)].map((el) => el.getBoundingClientRect());
        const blocks = rects('.react-flow__node, .react-flow__edge, .react-flow__edgelabel-renderer > *, .react-flow__panel, [data-testid="toolbar"]');
        const handles = rects('.react-flow__handle').map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 }));
        const clear = (x: number, y: number): boolean => {
          if (x < area.left + margin || x > area.right - margin || y < area.top + margin || y > area.bottom - margin) return false;
          if (blocks.some((r) => x > r.left - margin && x < r.right + margin && y > r.top - margin && y < r.bottom + margin)) return false;
          if (handles.some((h) => Math.hypot(h.x - x, h.y - y) < handleMargin)) return false;
          // what the browser itself finds there, at the point and around it
          for (const [dx, dy] of [[0, 0], [-margin, 0], [margin, 0], [0, -margin], [0, margin]] as const) {
            const hit = document.elementFromPoint(x + dx, y + dy);
            if (hit !== pane) return false;
          }
          return true;
        };
        let best: { x: number; y: number } | null = null;
        let bestDistance = Infinity;
        for (let x = area.left + margin; x <= area.right - margin; x += 8) {
          for (let y = area.top + margin; y <= area.bottom - margin; y += 8) {
            const d = Math.hypot(x - near.x, y - near.y);
            if (d < bestDistance && clear(x, y)) {
              best = { x, y };
              bestDistance = d;
            }
          }
        }
        return best;
      },
      { near, margin, handleMargin },
    );
    if (!point) throw new Error('the canvas has no empty point');
    return point;
  }

  /** Drags a module by its title by (dx, dy) screen pixels. */
  async dragModule(id: string, dx: number, dy: number): Promise<void> {
    await this.pressAndMove(id, dx, dy);
    await this.page.mouse.up();
  }

  /** Presses module `id` by its name and moves the pointer by (dx, dy) in ten steps, the button still down. */
  async pressAndMove(id: string, dx: number, dy: number): Promise<void> {
    const box = await this.node(id).getByTestId('node-name').boundingBox();
    if (!box) throw new Error(`module ${id} not visible`);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    for (let i = 1; i <= 10; i++) await this.page.mouse.move(x + (dx * i) / 10, y + (dy * i) / 10);
  }

  /** Where the autosaved flow has module `id` (null before the first save). */
  async savedPosition(id: string): Promise<unknown> {
    return this.page.evaluate((moduleId) => {
      const saved = localStorage.getItem('creditflow:flow:v1');
      if (!saved) return null;
      const flow = JSON.parse((JSON.parse(saved) as { flowText: string }).flowText) as { modules: { id: string; position: unknown }[] };
      return flow.modules.find((m) => m.id === moduleId)?.position;
    }, id);
  }

  async position(id: string): Promise<{ x: number; y: number }> {
    const transform = await this.node(id).evaluate((el) => (el as HTMLElement).style.transform);
    const match = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec(transform);
    if (!match) throw new Error(`no position for ${id}: ${transform}`);
    return { x: Number(match[1]), y: Number(match[2]) };
  }

  /**
   * Connects two modules by dragging from the source's bottom handle (or its error handle, for an
   * error branch) to the target's top handle.
   */
  async connect(sourceId: string, targetId: string, options: { fromErrorHandle?: boolean } = {}): Promise<void> {
    const source = this.node(sourceId);
    const handle = options.fromErrorHandle ? source.getByTestId('error-handle') : source.locator('.react-flow__handle.source:not(.cf-handle--error)');
    await this.dragConnection(handle, async () => {
      const to = await this.node(targetId).locator('.react-flow__handle.target').boundingBox();
      if (!to) throw new Error('handles not visible');
      return { x: to.x + to.width / 2, y: to.y + to.height / 2 };
    });
  }

  /**
   * Drags a new connection from `handle` to the point `target` gives (measured after the handle)
   * and lets go there.
   */
  async dragConnection(handle: Locator, target: (start: { x: number; y: number }) => Promise<{ x: number; y: number }>): Promise<void> {
    await this.startConnection(handle, target);
    await this.page.mouse.up();
  }

  /**
   * Presses `handle` and drags a new connection to the point `target` gives (measured after the
   * handle), holding the button there. A press can miss the handle when the view moved between
   * measuring and pressing (a new flow's first view, or a pan to a selected module, settling on a
   * busy machine): then nothing starts, and both are measured again, up to three times.
   */
  async startConnection(handle: Locator, target: (start: { x: number; y: number }) => Promise<{ x: number; y: number }>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const from = await handle.boundingBox();
      if (!from) throw new Error('handles not visible');
      const fx = from.x + from.width / 2;
      const fy = from.y + from.height / 2;
      const { x: tx, y: ty } = await target({ x: fx, y: fy });
      await this.page.mouse.move(fx, fy);
      await this.page.mouse.down();
      // the connection has started (on a busy machine the first moves can come before React Flow saw the press)
      await this.page.mouse.move(fx + (tx - fx) / 24, fy + (ty - fy) / 24);
      try {
        await expect(this.page.locator('.react-flow__connectionline')).toBeVisible({ timeout: attempt < 3 ? 5_000 : 10_000 });
      } catch (error) {
        await this.page.mouse.up();
        if (attempt >= 3) throw error;
        continue;
      }
      for (let i = 1; i <= 12; i++) {
        await this.page.mouse.move(fx + ((tx - fx) * i) / 12, fy + ((ty - fy) * i) / 12);
      }
      return;
    }
  }

  /** Drags a palette item onto the canvas at a point relative to the canvas's top left. */
  async dragFromPalette(type: string, at: { x: number; y: number }): Promise<void> {
    const canvas = this.page.locator('.react-flow__pane');
    await this.page.getByTestId(`palette-item-${type}`).dragTo(canvas, { targetPosition: at });
  }

  async idsOfModules(): Promise<string[]> {
    return this.nodes().evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
  }

  // ---- inspector ----------------------------------------------------------------------------

  inspector(): Locator {
    return this.page.getByTestId('inspector');
  }

  /** Types a value into an inspector field and commits it (Enter). */
  async setField(name: string, value: string): Promise<void> {
    const field = this.inspector().getByTestId(`field-${name}`);
    await field.fill(value);
    await field.press('Enter');
  }

  // ---- toast -------------------------------------------------------------------------------

  toast(): Locator {
    return this.page.getByTestId('toast');
  }

  async dismissToast(): Promise<void> {
    await this.toast().getByTestId('toast-dismiss').click();
    await expect(this.toast()).toHaveCount(0);
  }

  // ---- commands -----------------------------------------------------------------------------

  async undo(): Promise<void> {
    await this.page.getByTestId('cmd-edit.undo').click();
  }

  async redo(): Promise<void> {
    await this.page.getByTestId('cmd-edit.redo').click();
  }

  /** Presses a shortcut with the canvas focused (not a field). */
  async press(keys: string): Promise<void> {
    await this.page.keyboard.press(keys);
  }

  async openFileMenu(): Promise<void> {
    await this.page.getByTestId('file-menu').click();
  }

  /** File ▸ Open sample ▸ the sample: a click on "Open sample" opens the submenu, a click on the sample opens it. */
  async openSample(id: string): Promise<void> {
    await this.openFileMenu();
    await this.page.getByTestId('menu-file.openSample').click();
    await this.page.getByTestId(`sample-${id}`).click();
  }

  /** The question asked before a flow with edits in no file is replaced. */
  confirmReplace(): Locator {
    return this.page.getByTestId('confirm-replace');
  }

  async exportFlow(): Promise<string> {
    await this.openFileMenu();
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('menu-file.export').click();
    const file = await download;
    const path = await file.path();
    const { readFile } = await import('node:fs/promises');
    return readFile(path, 'utf8');
  }

  async importFile(name: string, text: string): Promise<void> {
    await this.openFileMenu();
    await this.page.getByTestId('menu-file.import').click();
    await this.page.getByTestId('import-file-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  }

  /**
   * Drops a file on the canvas, as a person dragging it from their desktop would. `content` is its
   * text, or a size for a file of that many bytes built in the page (too large to send over), or a
   * URL the page fetches the file from (a large file the test serves with `page.route`).
   */
  async dropFileOnCanvas(name: string, content: FileContent): Promise<void> {
    await this.dropFilesOnCanvas([{ name, content }]);
  }

  /** Drops several files on the canvas at once, in this order. */
  async dropFilesOnCanvas(files: { name: string; content: FileContent }[]): Promise<void> {
    await this.page.evaluate(async (files) => {
      const data = new DataTransfer();
      for (const { name, content } of files) {
        const body =
          typeof content === 'string'
            ? content
            : 'url' in content
              ? await (await fetch(content.url)).blob()
              : `{"format": "creditflow",${' '.repeat(content.bytes - 25)}}`;
        data.items.add(new File([body], name, { type: 'application/json' }));
      }
      const target = document.querySelector('.react-flow__pane');
      if (!target) throw new Error('no canvas');
      const rect = target.getBoundingClientRect();
      const init = { dataTransfer: data, bubbles: true, cancelable: true, clientX: rect.x + 200, clientY: rect.y + 200 };
      target.dispatchEvent(new DragEvent('dragover', init));
      target.dispatchEvent(new DragEvent('drop', init));
    }, files);
  }

  /** The document as the app holds it, through its own export serializer. */
  async exportedFlow(): Promise<unknown> {
    return JSON.parse(await this.exportFlow());
  }
}
