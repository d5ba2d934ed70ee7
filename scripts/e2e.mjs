#!/usr/bin/env node
// Runs the Playwright suite in a real Chromium. Playwright's own browser download does not
// work on every machine, so we look for one in this order:
//   1. $PLAYWRIGHT_CHROMIUM_PATH
//   2. `chromium` (or `chromium-browser`) on PATH, e.g. Debian's package
//   3. as root: apt-get update && apt-get install -y chromium
//   4. Playwright's own (npx playwright install chromium)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : null;
}

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  return r.status ?? 1;
}

function findChromium() {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    console.error(`e2e: PLAYWRIGHT_CHROMIUM_PATH=${fromEnv} does not exist; looking elsewhere`);
  }
  const onPath = which('chromium') ?? which('chromium-browser');
  if (onPath) return onPath;
  if (typeof process.getuid === 'function' && process.getuid() === 0 && which('apt-get')) {
    console.error('e2e: no chromium found; installing Debian\'s chromium package');
    if (run('apt-get', ['update']) === 0 && run('apt-get', ['install', '-y', 'chromium']) === 0) {
      const installed = which('chromium');
      if (installed) return installed;
    }
  }
  console.error('e2e: falling back to Playwright\'s own Chromium');
  if (run('npx', ['playwright', 'install', 'chromium']) !== 0) {
    console.error('e2e: could not get a Chromium. Set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary.');
    process.exit(1);
  }
  return null;
}

const chromium = findChromium();
const env = { ...process.env };
if (chromium) {
  env.PLAYWRIGHT_CHROMIUM_PATH = chromium;
  console.error(`e2e: using ${chromium}`);
}
process.exit(run('npx', ['playwright', 'test', ...process.argv.slice(2)], env));
