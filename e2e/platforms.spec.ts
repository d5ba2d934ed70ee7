/**
 * The platforms panel, end to end (issue 16): the tab shows the flow on Altan, Make, Zapier and
 * n8n with the very numbers of `cost --json --platforms` for the same file; editing runs per
 * month moves every figure and the break-even chart's marker.
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { CURRENT_VERSION } from '../src/io/migrations';
import { runCost } from '../src/cli/run';
import { PLATFORM_IDS } from '../src/cost/platformTable';

/** A loop (iterator, AI step retried once, aggregator) and a plain action: each platform bills it differently. */
function flowFile(runsPerMonth: number) {
  return {
    format: 'creditflow',
    version: CURRENT_VERSION,
    name: 'Platforms e2e',
    settings: { runsPerMonth },
    modules: [
      { id: 'm1', type: 'trigger', name: 'Webhook', position: { x: 0, y: 0 } },
      { id: 'm2', type: 'iterator', name: 'Each row', position: { x: 0, y: 160 }, assumptions: { iterations: 12 } },
      { id: 'm3', type: 'ai_agent', name: 'Classify', position: { x: 0, y: 320 }, assumptions: { durationSec: 4, retries: 1 } },
      { id: 'm4', type: 'aggregator', name: 'Collect', position: { x: 0, y: 480 }, config: { iteratorId: 'm2' } },
      { id: 'm5', type: 'action', name: 'Send', position: { x: 0, y: 640 } },
    ],
    edges: [
      { id: 'e1', source: 'm1', target: 'm2' },
      { id: 'e2', source: 'm2', target: 'm3' },
      { id: 'e3', source: 'm3', target: 'm4' },
      { id: 'e4', source: 'm4', target: 'm5' },
    ],
  };
}

interface CliPlatform {
  perRun: number;
  perMonth: number;
  plan: string;
  dollarsPerMonth: number;
}

/** What `npm run cost -- flow.json --json --platforms` prints for this file (the CLI's own code, in this process). */
function cliPlatforms(text: string): Record<string, CliPlatform> {
  const bytes = new TextEncoder().encode(text);
  const out = runCost({ argv: ['flow.json', '--json', '--platforms'], cwd: '/', files: { read: () => ({ size: bytes.length, bytes }) } });
  expect(out.exitCode).toBe(0);
  return JSON.parse(out.stdout).platforms;
}

const valueOf = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-value'));

async function expectCliNumbers(page: Page, runsPerMonth: number): Promise<void> {
  const cli = cliPlatforms(JSON.stringify(flowFile(runsPerMonth)));
  for (const id of PLATFORM_IDS) {
    await expect.poll(() => valueOf(page, `pf-${id}-perMonth`)).toBe(cli[id]!.perMonth);
    expect(await valueOf(page, `pf-${id}-perRun`)).toBe(cli[id]!.perRun);
    expect(await valueOf(page, `pf-${id}-dollarsPerMonth`)).toBe(cli[id]!.dollarsPerMonth);
    await expect(page.getByTestId(`pf-${id}-plan`)).toContainText(cli[id]!.plan);
  }
}

test.beforeEach(async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importFile('platforms.json', JSON.stringify(flowFile(3000)));
  await expect(editor.node('m5')).toBeVisible();
  await page.getByTestId('tab-platforms').click();
  await expect(page.getByTestId('platforms-panel')).toBeVisible();
});

test('four columns with the CLI’s numbers; runs per month moves the figures and the marker', async ({ page }) => {
  for (const id of PLATFORM_IDS) await expect(page.getByTestId(`platforms-col-${id}`)).toBeVisible();
  await expectCliNumbers(page, 3000);
  const marker = page.getByTestId('breakeven-marker');
  await expect(marker).toHaveAttribute('data-runs', '3000');
  const x0 = Number(await marker.getAttribute('data-x'));
  await expect(page.getByTestId('platforms-sentence')).toContainText('at 3,000 runs a month');

  const runs = page.getByTestId('platforms-runs-per-month');
  await runs.fill('200000');
  await runs.press('Enter');
  await expect(marker).toHaveAttribute('data-runs', '200000');
  expect(Number(await marker.getAttribute('data-x'))).toBeGreaterThan(x0);
  await expectCliNumbers(page, 200000);
  await expect(page.getByTestId('platforms-sentence')).toContainText('at 200,000 runs a month');
  // The cost tab's runs per month is the same setting.
  await page.getByTestId('tab-cost').click();
  await expect(page.getByTestId('cost-runs-per-month')).toHaveValue('200000');
});

test('a figure shows its formula on hover and on focus', async ({ page }) => {
  const line = page.getByTestId('platforms-formula');
  await page.getByTestId('pf-make-perMonth').hover();
  await expect(line).toContainText('credits per run × 3,000 runs a month =');
  await page.getByTestId('pf-n8n-dollarsPerMonth').focus();
  await expect(line).toHaveText("The Pro plan's price = $65.00 a month");
});

test('screenshot: the platforms panel at full height, light and dark', async ({ page }, info) => {
  await page.getByTestId('dock-maximise').click();
  await page.getByTestId('pf-zapier-dollarsPerMonth').hover();
  await page.screenshot({ path: info.outputPath('platforms-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: info.outputPath('platforms-dark.png') });
});
