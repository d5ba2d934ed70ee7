/// <reference lib="webworker" />
/**
 * The import Web Worker: reads a picked or dropped flow file off the main thread with the same
 * code the CLI and the tests run (io/import/readFile.ts: size cap, chunked read, decode, then
 * `importText`: parse, any of the four formats, migrations, limits), and hands the result over
 * with the flow's problems and file text worked out here, a large flow a slice a message (handOver.ts). One import at a time; the page cancels by terminating this worker (see importClient.ts).
 * Progress is posted at most every PROGRESS_INTERVAL_MS, and always when a stage begins.
 */
import { importSource, type ImportProgress } from '../io/import/readFile';
import { PROGRESS_INTERVAL_MS } from './protocol';
import { workOutForHandOver } from './handOver';
import { handOverMessages } from './handOverParts';
import type { ImportReply, ImportRequest, VersionsReply, VersionsRequest } from './protocol';
import { versionSummarizer } from '../cost/versionSummary';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function reply(message: ImportReply | VersionsReply): void {
  scope.postMessage(message);
}

/** A flow's versions summarised one after the other, each answered as soon as it is (versionsClient.ts). */
async function summarizeVersions({ id, versions, unreadable }: VersionsRequest): Promise<void> {
  const summarize = versionSummarizer();
  for (const [index, { source, what, total, perMonth, context }] of versions.entries()) {
    let text: string | { problem: string };
    try {
      text = typeof source === 'string' ? source : await source.text();
    } catch {
      text = { problem: unreadable };
    }
    // A version whose summary the page has: only the one the next is compared with.
    if (context) summarize.after(text);
    else reply({ type: 'version', id, index, summary: summarize({ text, what, total, perMonth }) });
  }
  reply({ type: 'versions-done', id });
}

scope.onmessage = async (event: MessageEvent<ImportRequest | VersionsRequest>) => {
  const request = event.data;
  if (request?.type === 'versions') {
    try {
      await summarizeVersions(request);
    } catch (error) {
      reply({ type: 'error', id: request.id, message: error instanceof Error ? error.message : 'The versions could not be read.' });
    }
    return;
  }
  if (!request || request.type !== 'import') return;
  const { id, source, fileName, as } = request;
  const options = { ...(fileName === undefined ? {} : { fileName }), ...(as === undefined ? {} : { as }) };
  let lastPost = 0;
  let lastStage = '';
  const onProgress = (progress: ImportProgress) => {
    const now = Date.now();
    if (progress.stage === lastStage && now - lastPost < PROGRESS_INTERVAL_MS) return;
    lastPost = now;
    lastStage = progress.stage;
    reply({ type: 'progress', id, progress });
  };
  try {
    const result = await importSource(source, { ...options, onProgress });
    if (!result.ok) {
      reply({ type: 'done', id, result });
      return;
    }
    onProgress({ stage: 'checking', loaded: 0, total: result.flow.modules.length });
    // A large flow in slices: no message takes the page long to read (handOver.ts).
    for (const message of handOverMessages(id, result, workOutForHandOver(result.flow))) reply(message);
  } catch (error) {
    reply({ type: 'error', id, message: error instanceof Error ? error.message : 'The file could not be read.' });
  }
};
