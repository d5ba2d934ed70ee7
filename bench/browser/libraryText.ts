// The library's write of a huge flow text (issue 19, 100,000 modules): IndexedDB `put` and `get`
// of the text of a generated flow as a string (as the library stored it before) against as a Blob
// made in slices (src/store/storedText.ts's way, inlined here), in Chromium, with the page's long
// tasks. Prints one JSON line per run on stdout.
//
//   npx tsx bench/browser/libraryText.ts                 # 100,000 modules, three runs
//   LIBRARY_TEXT_MODULES=20000 npx tsx bench/browser/libraryText.ts
//
// Not part of `npm run bench`; timings are never asserted anywhere.
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { generateFlow } from '../../src/model/generate';
import { serializeFlow } from '../../src/io/serialize';
import { launchChromium, log } from './measure';

const modules = Number(process.env.LIBRARY_TEXT_MODULES ?? 100_000);
const text = serializeFlow(generateFlow({ modules, seed: 1 }));
const port = Number(process.env.E2E_PORT ?? 4399);
const server = createServer((req, res) => {
  if (req.url === '/text') {
    res.setHeader('content-type', 'text/plain');
    res.end(text);
    return;
  }
  res.setHeader('content-type', 'text/html');
  res.end('<!doctype html><body></body>');
}).listen(port);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/`);
  for (let run = 0; run < 3; run++) {
    for (const how of ['string', 'blob'] as const) {
      const load = loadavg()[0]!;
      const figures = await page.evaluate(async (how) => {
        const text = await (await fetch('/text')).text();
        const longTasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longTasks.push(Math.round(e.duration));
        });
        observer.observe({ type: 'longtask' });
        const db = await new Promise<IDBDatabase>((done, fail) => {
          const q = indexedDB.open('library-text', 1);
          q.onupgradeneeded = () => q.result.createObjectStore('flows', { keyPath: 'id' });
          q.onsuccess = () => done(q.result);
          q.onerror = () => fail(q.error);
        });
        const t0 = performance.now();
        let value: string | Blob = text;
        if (how === 'blob') {
          const parts: Blob[] = [];
          let sliceStart = performance.now();
          for (let start = 0; start < text.length; ) {
            let end = Math.min(text.length, start + 65536);
            const unit = text.charCodeAt(end - 1);
            if (end < text.length && unit >= 0xd800 && unit <= 0xdbff) end--;
            parts.push(new Blob([text.slice(start, end)]));
            start = end;
            if (performance.now() - sliceStart > 8) {
              await new Promise((done) => setTimeout(done, 0));
              sliceStart = performance.now();
            }
          }
          value = new Blob(parts);
        }
        const t1 = performance.now();
        await new Promise<void>((done, fail) => {
          const tx = db.transaction('flows', 'readwrite');
          tx.objectStore('flows').put({ id: 'a', flowText: value });
          tx.oncomplete = () => done();
          tx.onerror = () => fail(tx.error);
        });
        const t2 = performance.now();
        const got = await new Promise<{ flowText: string | Blob }>((done) => {
          const q = db.transaction('flows').objectStore('flows').get('a');
          q.onsuccess = () => done(q.result as { flowText: string | Blob });
        });
        const t3 = performance.now();
        await new Promise((done) => setTimeout(done, 300));
        observer.disconnect();
        db.close();
        return { makeMs: Math.round(t1 - t0), putMs: Math.round(t2 - t1), getMs: Math.round(t3 - t2), kept: typeof got.flowText === 'string' ? 'string' : 'Blob', longTasks };
      }, how);
      process.stdout.write(`${JSON.stringify({ modules, characters: text.length, how, run: run + 1, loadAverage: Math.round(load * 10) / 10, ...figures })}\n`);
    }
  }
} finally {
  await browser.close();
  server.close();
  log('done');
}
