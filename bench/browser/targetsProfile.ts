// CPU profiles over CDP of a page AND its dedicated workers (the simulation's), for the browser
// benches: Target.setAutoAttach on the page's session attaches its workers (the existing ones and
// any made later; messages to them go through Target.sendMessageToTarget, which Playwright's
// CDPSession can send), and a Profiler runs in each. The profiles share the renderer's clock; a
// marker function the page runs at a known performance.now() puts them on the page's timeline.
// Each target gets its busy time by function, the span and time of the stages named in STAGES,
// and its busy ms per 100 ms from the click. Timings are never asserted anywhere.
import { writeFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';
import { round } from './measure';
import { indexProfile, type Profile } from './cpuProfile';


/** The stages put on the timeline: the first and last sample with the function on the stack, and the ms it was. */
const STAGES = [
  // page
  'onReply', 'runOnWorkers', 'postMessage', 'performWorkOnRoot', 'commitRoot', 'CanvasBands', 'SimulationPanel', 'WhatIfPanel',
  'summarise', 'mergeChunks', 'bandsOf',
  // workers
  'compileWalk', 'compilePlan', 'fixedParts', 'startSimulation', 'walkRun', 'keepRun', 'simulateChunk', 'simulate', 'warm', 'modulePercentiles', 'select',
];

export interface TargetFigures {
  target: string;
  busyMs: number;
  /** Self ms by function (the 15 largest). */
  top: Record<string, number>;
  stages: Record<string, { fromMs: number; toMs: number; ms: number }>;
  /** Busy ms in each 100 ms from the click. */
  busyPer100ms: number[];
}
export type TargetsProfile = TargetFigures[];

function figuresOf(name: string, profile: Profile, offsetMs: number, clickAt: number): TargetFigures {
  const { byId, parent, times } = indexProfile(profile);
  const top: Record<string, number> = {};
  const stages: Record<string, { fromMs: number; toMs: number; ms: number }> = {};
  const buckets: number[] = [];
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const at = times[i]! - offsetMs - clickAt;
    if (at < 0) continue;
    const ms = (times[i + 1] ?? times[i]!) - times[i]!;
    const leaf = byId.get(profile.samples[i]!)!;
    const leafName = leaf.callFrame.functionName || '(anonymous)';
    if (leafName === '(idle)') continue;
    busy += ms;
    const b = Math.floor(at / 100);
    while (buckets.length <= b) buckets.push(0);
    buckets[b] = buckets[b]! + ms;
    const key = `${leafName}${leaf.callFrame.url ? ` ${leaf.callFrame.url.replace(/^.*\//, '')}:${leaf.callFrame.lineNumber + 1}` : ''}`;
    top[key] = (top[key] ?? 0) + ms;
    const seen = new Set<string>();
    for (let at2: number | undefined = leaf.id; at2 !== undefined; at2 = parent.get(at2)) {
      const fn = byId.get(at2)!.callFrame.functionName;
      if (!STAGES.includes(fn) || seen.has(fn)) continue;
      seen.add(fn);
      const s = (stages[fn] ??= { fromMs: at, toMs: at, ms: 0 });
      s.toMs = at;
      s.ms += ms;
    }
  }
  const topSorted = Object.fromEntries(Object.entries(top).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => [k, round(v, 1)]));
  for (const s of Object.values(stages)) {
    s.fromMs = round(s.fromMs, 0);
    s.toMs = round(s.toMs, 0);
    s.ms = round(s.ms, 1);
  }
  return { target: name, busyMs: round(busy, 0), top: topSorted, stages, busyPer100ms: buckets.map((x) => round(x, 0)) };
}

/** Starts the profilers of the page and of its workers; `stop` gives each target's figures (ms from `clickAt`, the page's clock) and writes the profiles to `<prefix>.<target>.cpuprofile`. */
export async function profileTargets(page: Page): Promise<{ stop(clickAt: number, prefix: string, dir: string): Promise<TargetsProfile> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const workers = new Map<string, string>();
  const waiting = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  const send = (sessionId: string, method: string, params: object = {}): Promise<unknown> => {
    const id = nextId++;
    const answer = new Promise<unknown>((resolve) => waiting.set(id, resolve));
    // A worker ended meanwhile (a superseded run's, terminated): no answer, and no profile of it.
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => waiting.get(id)?.(undefined));
    return answer;
  };
  const started: Promise<unknown>[] = [];
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.((message.result ?? message.error) as unknown);
  });
  cdp.on('Target.attachedToTarget', (event) => {
    const { sessionId, targetInfo } = event;
    workers.set(sessionId, `worker${workers.size}-${targetInfo.url.replace(/^.*\//, '').replace(/[^\w.-]/g, '')}`);
    started.push(
      (async () => {
        await send(sessionId, 'Profiler.enable');
        await send(sessionId, 'Profiler.setSamplingInterval', { interval: 100 });
        await send(sessionId, 'Profiler.start');
        await send(sessionId, 'Runtime.runIfWaitingForDebugger');
      })(),
    );
  });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await cdp.send('Profiler.start');
  await Promise.all(started);
  // Puts the profiles on the page's clock: a function the profile shows, run at a known time.
  const markerAt = (await page.evaluate(
    '(function simProfileMarker() { const at = performance.now(); const end = at + 10; while (performance.now() < end); return at; })()',
  )) as number;
  return {
    async stop(clickAt, prefix, _dir) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
      const pageProfile = profile;
      const workerProfiles: [string, Profile][] = [];
      for (const [sessionId, name] of workers) {
        const answer = (await send(sessionId, 'Profiler.stop')) as { profile?: Profile } | undefined;
        if (answer?.profile) workerProfiles.push([name, answer.profile]);
      }
      // The marker's first sample: profile ms - page ms.
      const { byId, parent } = indexProfile(pageProfile);
      let t = pageProfile.startTime;
      let offset = NaN;
      for (let i = 0; i < pageProfile.samples.length; i++) {
        t += pageProfile.timeDeltas[i]!;
        let hit = false;
        for (let at: number | undefined = pageProfile.samples[i]; at !== undefined && !hit; at = parent.get(at)) hit = byId.get(at)!.callFrame.functionName === 'simProfileMarker';
        if (hit) {
          offset = t / 1000 - markerAt;
          break;
        }
      }
      if (!Number.isFinite(offset)) throw new Error('the marker is not in the page profile');
      writeFileSync(`${prefix}.page.cpuprofile`, JSON.stringify(pageProfile));
      writeFileSync(`${prefix}.times.json`, JSON.stringify({ clickAt, markerAt, offsetMs: offset }));
      for (const [name, p] of workerProfiles) writeFileSync(`${prefix}.${name}.cpuprofile`, JSON.stringify(p));
      await cdp.detach().catch(() => undefined);
      return [figuresOf('page', pageProfile, offset, clickAt), ...workerProfiles.map(([name, p]) => figuresOf(name, p, offset, clickAt))];
    },
  };
}

/** CPU ms of each thread of a Chromium trace (its RunTask events' thread time), the busiest first; threads with less than 1 ms left out. */
export function threadCpuMs(trace: Buffer): { thread: string; cpuMs: number; wallMs: number }[] {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String(e.args?.name ?? ''));
  const cpu = new Map<string, { cpu: number; wall: number }>();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'RunTask') continue;
    const key = `${e.pid}:${e.tid}`;
    const sum = cpu.get(key) ?? { cpu: 0, wall: 0 };
    sum.cpu += (e.tdur ?? 0) / 1000;
    sum.wall += (e.dur ?? 0) / 1000;
    cpu.set(key, sum);
  }
  return [...cpu.entries()]
    .map(([key, s]) => ({ thread: `${names.get(key) ?? '?'} ${key.split(':')[1]}`, cpuMs: round(s.cpu, 0), wallMs: round(s.wall, 0) }))
    .filter((t) => t.cpuMs >= 1)
    .sort((a, b) => b.cpuMs - a.cpuMs);
}

interface TraceEvent {
  ph?: string;
  name?: string;
  pid?: number;
  tid?: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}
