import { describe, expect, it } from 'vitest';
import { createLogReader, readLogText } from './reader';
import { formatLogIssue } from './issues';
import { flowOf, chain } from '../../model/testing/flowOf';

const flow = flowOf(
  [
    ['t', 'trigger'],
    ['a', 'action'],
    ['s', 'search'],
  ],
  chain('t', 'a', 's'),
);
flow.modules[2]!.name = 'Find company';

const HEADER = 'run,module,durationMs,payloadBytes,status,attempts,startedAt';

/**
 * The log `rows` read as LF text and as CRLF text (a last line break too), each pushed to one reader in
 * pieces of every size `sizes` gives for that text: the results, in that order.
 */
function chunkedReads(rows: readonly string[], sizes: (text: string) => Iterable<number>) {
  const reads: ReturnType<ReturnType<typeof createLogReader>['end']>[] = [];
  for (const text of [rows.join('\n'), `${rows.join('\r\n')}\r\n`]) {
    for (const size of sizes(text)) {
      const reader = createLogReader(flow);
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      reads.push(reader.end());
    }
  }
  return reads;
}

/** Sizes 1, 1 + step, 1 + 2·step, … up to the text's length. */
const everyStep = (step: number) => (text: string) => Array.from({ length: Math.ceil(text.length / step) }, (_, k) => 1 + k * step);

describe('reading the plain CSV log', () => {
  it('reads rows, matches modules by id and else by name, and keeps the optional columns', () => {
    const read = readLogText(flow, `${HEADER}\nr1,t,0,100,ok,,2026-11-02T10:00:00Z\nr1,Find company,1500,2000,failed,3,2026-11-02T10:00:01.500Z\n`);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.format).toBe('csv');
    expect(read.log.rows).toBe(2);
    expect(Array.from(read.log.module)).toEqual([0, 2]);
    expect(Array.from(read.log.attempts)).toEqual([1, 3]);
    expect(Array.from(read.log.failed)).toEqual([0, 1]);
    expect(read.log.startedAt[1]).toBe(Date.UTC(2026, 10, 2, 10, 0, 1, 500));
  });

  it('RFC 4180 quoting, CRLF, lone CR and a BOM, in chunks split anywhere', () => {
    const text = `\uFEFF${HEADER}\r\n"r,1","a",10,20,ok,,\r"r""2",a,"10",5,ok,,\nr3,a,"1\n0",5,ok,,\n`;
    for (let size = 1; size <= text.length; size += 3) {
      const reader = createLogReader(flow);
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      const read = reader.end();
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(read.log.runIds).toEqual(['r,1', 'r"2']);
      // "1\n0" is not a number: reported on the line where its row starts.
      expect(read.issues.examples).toEqual([{ kind: 'bad-number', line: 4, message: "durationMs must be a number ≥ 0, got '1\n0'" }]);
    }
  });

  it('bytes split inside a UTF-8 character decode as one text', () => {
    const bytes = new TextEncoder().encode(`${HEADER}\nré,a,1,1,ok,,\n`);
    const reader = createLogReader(flow);
    for (const b of bytes) reader.push(new Uint8Array([b]));
    const read = reader.end();
    expect(read.ok && read.log.runIds).toEqual(['ré']);
  });

  it('unknown modules, bad numbers and missing values are counted with their lines; the other rows count', () => {
    const rows = [HEADER, 'r1,t,0,1,ok,,', 'r1,ghost,1,1,ok,,', 'r1,a,-1,1,ok,,', 'r1,a,1,,ok,,', 'r1,a,1,1,maybe,,', 'r1,a,1,1,ok,0,', 'r1,a,1,1,ok,,yesterday', 'r2,a,1,1,ok,,'];
    const read = readLogText(flow, rows.join('\n'));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.log.rows).toBe(2);
    expect(read.issues.counts).toEqual({ 'unknown-module': 1, 'bad-number': 2, 'missing-column': 1, 'bad-value': 2, 'bad-row': 0 });
    expect(read.issues.examples.map((i) => i.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(read.issues.unknownModules).toEqual([{ module: 'ghost', rows: 1 }]);
  });

  it('a quote that is never closed leaves out its own row, says so with its line, and the rows after it still count', () => {
    // One stray quote used to swallow the rest of the file into one field: every row after it was lost
    // and the only message was a missing value on that line.
    const rows = [HEADER, 'r1,t,0,1,ok,,', 'r1,a,"10,1,ok,,', 'r2,t,0,1,ok,,', 'r2,a,1,1,ok,,', 'r3,t,0,1,ok,,'];
    for (const read of chunkedReads(rows, everyStep(7))) {
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(read.log.runIds).toEqual(['r1', 'r2', 'r3']);
      expect(read.log.rows).toBe(4);
      expect(read.issues.examples).toEqual([{ kind: 'bad-row', line: 3, message: expect.stringContaining('never closed') }]);
    }
  });

  it('a stray quote closed by a later stray one (followed by text, not a comma or line break) leaves out only its own row', () => {
    // The quote at line 4 used to run to the quote at line 40: lines 5–39 became one value and were
    // lost, and the only message was a missing value on line 4.
    const rows = [HEADER, ...Array.from({ length: 200 }, (_, i) => `r${i},t,0,1,ok,,`)];
    rows[3] = 'r2,a,"0,0,ok';
    rows[39] = 'r38,a,1,1,"ok,';
    for (const read of chunkedReads(rows, (text) => [1, 2, 3, 5, 7, 11, 64, 97, 1000, text.length])) {
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(read.log.rows).toBe(198);
      expect(read.log.runIds).toHaveLength(198);
      expect(read.issues.examples).toEqual([
        { kind: 'bad-row', line: 4, message: expect.stringContaining('line 40') },
        { kind: 'bad-row', line: 40, message: expect.stringContaining('never closed') },
      ]);
    }
  });

  it('text after a closing quote on the same line leaves out that row, and the next rows count', () => {
    const rows = [HEADER, 'r1,t,0,1,ok,,', 'r1,a,"10"x,1,ok,,', 'r2,t,0,1,ok,,', 'r2,a,"1",1,"ok",,'];
    for (const read of chunkedReads(rows, everyStep(3))) {
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(read.log.rows).toBe(3);
      expect(read.issues.examples).toEqual([{ kind: 'bad-row', line: 3, message: expect.stringContaining('followed by') }]);
    }
  });

  it('spaces or tabs between a closing quote and the comma or line end are padding: the row counts, its value without them', () => {
    const rows = [HEADER, 'r1,t,0,1,ok,,', 'r1,a,"10" ,1,ok,,', 'r2,t,0,1,"ok"\t,,', 'r2,a,"1",1,"ok",,"2026-11-02T10:00:00Z"  '];
    for (const read of chunkedReads(rows, everyStep(3))) {
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(read.log.rows).toBe(4);
      expect(read.issues.examples).toEqual([]);
    }
  });

  it('keeps the first 20 issues of a kind and counts the rest', () => {
    const rows = [HEADER, ...Array.from({ length: 50 }, (_, i) => `r${i},ghost,1,1,ok,,`)];
    const read = readLogText(flow, rows.join('\n'));
    expect(read.ok && read.issues.counts['unknown-module']).toBe(50);
    expect(read.ok && read.issues.examples.length).toBe(20);
  });
  it('a log whose size is given is read the same, however good the size is as a guess', () => {
    const rows = [HEADER, ...Array.from({ length: 30_000 }, (_, i) => `run-${i >> 4},${i % 3 === 0 ? 'a' : 's'},${i % 997},${i * 7},ok,,2026-11-02T10:${String((i >> 10) % 60).padStart(2, '0')}:00Z`)];
    const bytes = new TextEncoder().encode(`${rows.join('\n')}\n`);
    const read = (totalBytes?: number) => {
      const reader = createLogReader(flow, totalBytes === undefined ? {} : { totalBytes });
      for (let i = 0; i < bytes.length; i += 65_536) reader.push(bytes.subarray(i, i + 65_536));
      const result = reader.end();
      if (!result.ok) throw new Error(result.message);
      return result.log;
    };
    const plain = read();
    expect(plain.rows).toBe(30_000);
    expect(bytes.length).toBeGreaterThan(1_100_000); // past the first megabyte, where the size is used
    const columns = ['run', 'module', 'durationMs', 'payloadBytes', 'failed', 'attempts', 'pages', 'items', 'credits', 'startedAt'] as const;
    for (const size of [bytes.length, 3 * bytes.length, 2_200_000]) {
      const log = read(size);
      expect(log.rows).toBe(plain.rows);
      expect(log.runIds).toEqual(plain.runIds);
      for (const c of columns) {
        let differ = 0;
        for (let i = 0; i < log.rows; i++) if (!Object.is(log[c][i], plain[c][i])) differ++;
        expect({ column: c, differ, length: log[c].length }).toEqual({ column: c, differ: 0, length: plain.rows });
      }
    }
  });
});

describe('JSON logs', () => {
  it('a JSON array of rows, read element by element with the line each starts on', () => {
    const text = '[\n{"run":"r1","module":"a","durationMs":5,"payloadBytes":1,"status":"ok"},\n{"run":"r1","module":"a","durationMs":"x","payloadBytes":1,"status":"ok"}\n]';
    const reader = createLogReader(flow);
    for (let i = 0; i < text.length; i += 7) reader.push(text.slice(i, i + 7));
    const read = reader.end();
    expect(read.ok && read.format).toBe('json');
    expect(read.ok && read.log.rows).toBe(1);
    expect(read.ok && read.issues.examples[0]!.line).toBe(3);
  });
  it('elements that are not objects are rows left out, with their lines', () => {
    const read = readLogText(flow, '[{"run":"r1","module":"a","durationMs":5,"payloadBytes":1,"status":"ok"},\n"a, \\"quoted\\" text",\n42, null]');
    expect(read.ok && read.log.rows).toBe(1);
    expect(read.ok && read.issues.examples.map((i) => [i.kind, i.line])).toEqual([
      ['bad-row', 2],
      ['bad-row', 3],
      ['bad-row', 3],
    ]);
  });
  it('a JSON array on one line (a minified export): each row left out also says which element it is', () => {
    const row = (o: Record<string, unknown>) => JSON.stringify({ run: 'r1', module: 'a', durationMs: 5, payloadBytes: 1, status: 'ok', ...o });
    const text = `[${[row({}), row({ durationMs: null }), row({}), row({ status: 'weird' }), '"text"', 'null'].join(',')}]`;
    const reader = createLogReader(flow);
    for (let i = 0; i < text.length; i += 11) reader.push(text.slice(i, i + 11));
    const read = reader.end();
    if (!read.ok) throw new Error(read.message);
    expect(read.log.rows).toBe(2);
    expect(read.issues.examples.map((i) => [i.line, i.path])).toEqual([
      [1, '[1]'],
      [1, '[3]'],
      [1, '[4]'],
      [1, '[5]'],
    ]);
    expect(read.issues.examples.map(formatLogIssue)).toEqual([
      "line 1, [1]: no value in column 'durationMs'",
      "line 1, [3]: status must be 'ok' or 'failed', got 'weird'",
      'line 1, [4]: a row must be a JSON object',
      'line 1, [5]: a row must be a JSON object',
    ]);
  });
  it('JSON lines', () => {
    const read = readLogText(flow, '{"run":"r1","module":"t","durationMs":0,"payloadBytes":1,"status":"ok"}\nnot json\n{"run":"r1","module":"a","durationMs":5,"payloadBytes":1,"status":"ok","items":3}\n');
    expect(read.ok && read.format).toBe('jsonl');
    expect(read.ok && read.log.rows).toBe(2);
    expect(read.ok && read.issues.examples).toEqual([{ kind: 'bad-row', line: 2, message: 'this line is not valid JSON' }]);
  });
});

describe('execution documents', () => {
  it('n8n runData: a node run of k items is k executions sharing its time and payload', () => {
    const n8n = flowOf([['Webhook', 'trigger'], ['HTTP', 'action']], chain('Webhook', 'HTTP'));
    const execution = {
      id: '42',
      finished: true,
      data: {
        resultData: {
          runData: {
            Webhook: [{ startTime: 1, executionTime: 2, executionStatus: 'success', data: { main: [[{ json: {} }]] } }],
            HTTP: [{ startTime: 3, executionTime: 90, executionStatus: 'success', data: { main: [[{ json: { a: 1 } }, { json: { a: 2 } }, { json: { a: 3 } }]] } }],
            Gone: [{ startTime: 3, executionTime: 1, data: { main: [[]] } }],
          },
        },
      },
    };
    const read = readLogText(n8n, JSON.stringify(execution, null, 2));
    expect(read.ok && read.format).toBe('n8n');
    if (!read.ok) return;
    expect(read.log.rows).toBe(4);
    expect(Array.from(read.log.durationMs)).toEqual([2, 30, 30, 30]);
    expect(Array.from(read.log.payloadBytes)).toEqual([2, 7, 7, 7]); // {"a":1} is 7 bytes
    expect(read.issues.examples[0]).toMatchObject({ kind: 'unknown-module', path: 'runData["Gone"][0]' });
  });

  it('n8n runData: a node whose entry is not a list of runs is a problem with its path; the other nodes are still read', () => {
    const n8n = flowOf([['Webhook', 'trigger'], ['HTTP', 'action'], ['Mail', 'action']], chain('Webhook', 'HTTP', 'Mail'));
    const run = (ms: number) => ({ executionTime: ms, data: { main: [[{ json: {} }]] } });
    const execution = {
      id: '9',
      data: { resultData: { runData: { Webhook: [run(2)], HTTP: run(50), Mail: [run(7)] } } },
    };
    const read = readLogText(n8n, JSON.stringify(execution));
    if (!read.ok) throw new Error(read.message);
    expect(Array.from(read.log.module)).toEqual([0, 2]);
    expect(Array.from(read.log.durationMs)).toEqual([2, 7]);
    expect(read.issues.counts['bad-row']).toBe(1);
    expect(read.issues.examples).toContainEqual(
      expect.objectContaining({ kind: 'bad-row', path: 'runData["HTTP"]', message: expect.stringMatching(/HTTP.*list of its runs.*an object/) }),
    );
  });

  it('n8n runData: the items on the error output of a node with an error edge are failed executions, though its run succeeded', () => {
    // n8n's "continue with error output": an HTTP Request that fails on one item of three sends it to
    // its last output, and the node run's status stays "success". Before, all three read as ok, so
    // the failure rate stayed 0 and the error branch's executions could not be explained.
    const n8n = flowOf([['Webhook', 'trigger'], ['HTTP', 'action'], ['Log', 'code'], ['Plain', 'action']], [...chain('Webhook', 'HTTP', 'Plain'), { source: 'HTTP', target: 'Log', error: true }]);
    const json = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));
    const execution = {
      id: '3',
      data: {
        resultData: {
          runData: {
            Webhook: [{ executionTime: 2, executionStatus: 'success', data: { main: [json(1)] } }],
            HTTP: [{ executionTime: 90, executionStatus: 'success', data: { main: [json(2), json(1)] } }],
            Log: [{ executionTime: 5, executionStatus: 'success', data: { main: [json(1)] } }],
            Plain: [{ executionTime: 8, executionStatus: 'success', data: { main: [json(1), json(1)] } }],
          },
        },
      },
    };
    const read = readLogText(n8n, JSON.stringify(execution));
    if (!read.ok) throw new Error(read.message);
    expect(Array.from(read.log.module)).toEqual([0, 1, 1, 1, 2, 3, 3]);
    // HTTP: its last output's item failed; Plain has no error edge, so its second output is not read as failures.
    expect(Array.from(read.log.failed)).toEqual([0, 0, 0, 1, 0, 0, 0]);
  });

  it('n8n: an empty list of executions, and an execution whose data is text (n8n\'s stored form), are refused with what to do', () => {
    const n8n = flowOf([['Webhook', 'trigger'], ['HTTP', 'action']], chain('Webhook', 'HTTP'));
    const empty = readLogText(n8n, JSON.stringify({ data: [], nextCursor: null }));
    expect(!empty.ok && empty.message).toMatch(/list of n8n executions .* holds none/);
    const stored = readLogText(n8n, JSON.stringify({ data: { id: '5', finished: true, mode: 'trigger', data: '[{"resultData":"1"},{"runData":"2"},{}]' } }));
    expect(!stored.ok && stored.message).toMatch(/holds its data as text .*public API/);
    const listed = readLogText(n8n, JSON.stringify({ data: [{ id: '5', finished: true, mode: 'trigger', data: '[{"resultData":"1"}]' }], nextCursor: null }));
    expect(!listed.ok && listed.message).toMatch(/holds its data as text .*public API/);
  });

  it('n8n runData: a Split Out (an iterator) that emits k items is one execution of k iterations', () => {
    // Before: 3 executions of the iterator, which the flow runs once; calibration said "not explained".
    const n8n = flowOf([['Webhook', 'trigger'], ['Each', 'iterator'], ['Post', 'action']], chain('Webhook', 'Each', 'Post'));
    const items = (k: number) => [Array.from({ length: k }, (_, i) => ({ json: { i } }))];
    const execution = {
      id: '7',
      data: {
        resultData: {
          runData: {
            Webhook: [{ executionTime: 2, data: { main: items(1) } }],
            Each: [{ executionTime: 6, data: { main: items(3) } }],
            Post: [{ executionTime: 90, data: { main: items(3) } }],
          },
        },
      },
    };
    const read = readLogText(n8n, JSON.stringify(execution));
    if (!read.ok) throw new Error(read.message);
    expect(Array.from(read.log.module)).toEqual([0, 1, 2, 2, 2]);
    expect(read.log.items[1]).toBe(3);
    expect(read.log.durationMs[1]).toBe(6);
    expect(read.log.payloadBytes[1]).toBe(21); // three {"i":n}, 7 bytes each
  });

  it('Altan flow executions: module executions by module id, nested sub-executions, credits summed', () => {
    const altan = flowOf([['t', 'trigger'], ['it', 'iterator'], ['ai', 'ai_agent'], ['ag', 'aggregator', {}, { iteratorId: 'it' }]], chain('t', 'it', 'ai', 'ag'));
    const doc = {
      executions: {
        items: [
          {
            id: 'ex1',
            date_creation: '2026-11-02T10:00:00Z',
            modules: {
              t: { e1: { status: 'success', elapsed_time: 0, payload_size: 500 } },
              it: {
                e2: {
                  status: 'success',
                  elapsed_time: 0.01,
                  payload_size: 100,
                  executions: [
                    { module_id: 'ai', status: 'success', elapsed_time: 2, payload_size: 3000, credits: 1.5, llm_credits: 2 },
                    { module_id: 'ai', status: 'error', elapsed_time: 1, payload_size: 3000, credits: 1.2 },
                  ],
                },
              },
              ag: { e3: { status: 'start' } },
            },
          },
        ],
      },
    };
    const read = readLogText(altan, JSON.stringify(doc));
    expect(read.ok && read.format).toBe('altan');
    if (!read.ok) return;
    expect(read.log.rows).toBe(4);
    const ai = [...read.log.module].map((m, i) => (m === 2 ? i : -1)).filter((i) => i >= 0);
    expect(ai.map((i) => read.log.durationMs[i])).toEqual([2000, 1000]);
    expect(ai.map((i) => read.log.credits[i])).toEqual([3.5, 1.2]);
    expect(ai.map((i) => read.log.failed[i])).toEqual([0, 1]);
    expect(read.issues.counts['bad-value']).toBe(1); // the aggregator had not finished
  });
});

describe('Altan execution records as Altan stores one execution (its signed-URL JSON)', () => {
  // What Altan's frontend downloads for an execution and flattens itself (flows.ts `extractModules`):
  // `modules` keyed by module-execution id, each naming its module in `module.id`, and the iterations
  // as sub-executions of the execution, `executions: { <id>: { modules, executions } }`.
  const altan = flowOf([['t', 'trigger'], ['it', 'iterator'], ['a', 'action'], ['ag', 'aggregator', {}, { iteratorId: 'it' }]], chain('t', 'it', 'a', 'ag'));
  const exec = (id: string, module: string, elapsed: number, credits: number, status = 'success') => ({
    [id]: { id, module: { id: module, type: 'action' }, status, elapsed_time: elapsed, payload_size: 2000, credits, llm_credits: 0, api_credits: 0 },
  });
  const run = (id: string, day: number, items: number) => ({
    id,
    date_creation: `2026-11-0${day}T10:00:00Z`,
    modules: { ...exec(`${id}-m1`, 't', 0, 0), ...exec(`${id}-m2`, 'it', 0.01, 0), ...exec(`${id}-m3`, 'ag', 0.01, 0) },
    executions: Object.fromEntries(
      Array.from({ length: items }, (_, k) => [`${id}-s${k}`, { id: `${id}-s${k}`, modules: exec(`${id}-s${k}-m`, 'a', 1.5, 1.25, k === 0 ? 'error' : 'success'), executions: {} }]),
    ),
  });

  it('reads each module execution under its module, and the sub-executions as the same run', () => {
    const read = readLogText(altan, JSON.stringify(run('ex1', 2, 3)));
    if (!read.ok) throw new Error(read.message);
    expect(read.format).toBe('altan');
    expect(read.issues.counts['bad-row'] + read.issues.counts['unknown-module']).toBe(0);
    expect(read.log.rows).toBe(6);
    const a = [...read.log.module].flatMap((m, i) => (m === 2 ? [i] : []));
    expect(a).toHaveLength(3);
    expect(a.map((i) => read.log.durationMs[i])).toEqual([1500, 1500, 1500]);
    expect(a.map((i) => read.log.credits[i])).toEqual([1.25, 1.25, 1.25]);
    expect(a.map((i) => read.log.failed[i]).sort()).toEqual([0, 0, 1]);
    expect(new Set(read.log.run).size).toBe(1);
  });

  it('reads elapsed_time in seconds and payload_size in kilobytes, the units Altan shows them in', () => {
    // ModuleExecutionsOverview.jsx: "Elapsed time: … seconds", "Payload size: " formatPayloadSize(sizeInKB) → "… KB".
    const read = readLogText(altan, JSON.stringify({ id: 'ex1', modules: { m1: { id: 'm1', module: { id: 'a' }, status: 'success', elapsed_time: 1.5, payload_size: 3.5 } } }));
    if (!read.ok) throw new Error(read.message);
    expect(read.log.durationMs[0]).toBe(1500);
    expect(read.log.payloadBytes[0]).toBe(3500); // 3.5 KB, 1 KB = 1,000 bytes (execution-logs.md §1)
  });

  it('a sub-execution without module executions is reported with its path, not dropped in silence', () => {
    const doc = { ...run('ex1', 2, 2), executions: { ...run('ex1', 2, 2).executions, odd: { status: 'success' } } };
    const read = readLogText(altan, JSON.stringify(doc));
    if (!read.ok) throw new Error(read.message);
    expect(read.log.rows).toBe(5);
    expect(read.issues.examples).toContainEqual(expect.objectContaining({ kind: 'bad-row', path: 'executions["odd"]', message: expect.stringContaining('a sub-execution must hold its module executions') }));
  });

  it('NaN and Infinity, which Altan writes (its frontend turns them into null before parsing), are read as null', () => {
    const doc = run('ex1', 2, 2);
    const text = JSON.stringify(doc)
      .replace('"elapsed_time":0.01', '"elapsed_time":NaN')
      .replace('"payload_size":2000', '"payload_size":2000,"content":{"score":-Infinity,"r":Infinity,"note":"NaN, Infinity"}');
    const read = readLogText(altan, `\uFEFF${text}`);
    if (!read.ok) throw new Error(read.message);
    expect(read.format).toBe('altan');
    // The execution whose elapsed_time was NaN counts, at 0 s, as Altan's frontend sums it (`?? 0`):
    // left out, it and its credits would be missing from the runs.
    expect(read.log.rows).toBe(5);
    expect(Array.from(read.log.durationMs).sort((a, b) => a - b)[0]).toBe(0);
    expect(read.issues.examples).toEqual([]);
    // A broken document is still refused as one.
    expect(readLogText(altan, text.slice(0, -1))).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
  });

  it('elapsed_time and payload_size written as decimal text are read as their numbers, as the credits are', () => {
    const rec = { id: 'm1', module: { id: 'a' }, status: 'success', elapsed_time: '1.5', payload_size: '2', credits: '1.25' };
    const read = readLogText(altan, JSON.stringify({ id: 'ex1', modules: { m1: rec, m2: { ...rec, id: 'm2', elapsed_time: 'slow' } } }));
    if (!read.ok) throw new Error(read.message);
    expect([read.log.rows, read.log.durationMs[0], read.log.payloadBytes[0], read.log.credits[0]]).toEqual([1, 1500, 2000, 1.25]);
    expect(read.issues.examples).toEqual([expect.objectContaining({ kind: 'bad-number', message: 'elapsed_time must be a number ≥ 0, got "slow"' })]);
  });

  it('a duration or payload too large to read in ms or bytes leaves its execution out with its path, instead of an internal error', () => {
    const rec = { id: 'm1', module: { id: 'a' }, status: 'success', elapsed_time: 1, payload_size: 1e307, credits: 1 };
    const read = readLogText(altan, JSON.stringify({ id: 'ex1', modules: { m1: rec, m2: { ...rec, id: 'm2', payload_size: 2 }, m3: { ...rec, id: 'm3', elapsed_time: 1e307 } } }));
    if (!read.ok) throw new Error(read.message);
    expect(read.log.rows).toBe(1);
    expect(Array.from(read.log.payloadBytes)).toEqual([2000]);
    expect(read.issues.examples).toEqual([
      expect.objectContaining({ kind: 'bad-number', path: 'modules["m1"]', message: 'payload_size 1e+307 is too large to be read' }),
      expect.objectContaining({ kind: 'bad-number', path: 'modules["m3"]', message: 'elapsed_time 1e+307 is too large to be read' }),
    ]);
  });

  it('sub-executions or module executions nested past the document depth limit are left out with a path, not a stack overflow', () => {
    const deep = 20_000;
    const nested = (inner: string) => `{"id":"ex1","modules":{"m1":{"id":"m1","module":{"id":"a"},"status":"success","elapsed_time":1}},"executions":{"s":${inner}}}`;
    let subs = '{"modules":{}}';
    for (let i = 0; i < deep; i++) subs = `{"modules":{"m":{"id":"m","module":{"id":"a"},"elapsed_time":1}},"executions":{"s":${subs}}}`;
    const read = readLogText(altan, nested(subs));
    if (!read.ok) throw new Error(read.message);
    expect(read.log.rows).toBeGreaterThan(1);
    expect(read.issues.examples).toContainEqual(expect.objectContaining({ kind: 'bad-row', message: expect.stringMatching(/^sub-executions nested deeper than \d+ levels; left out$/) }));
    // Its path, thousands of characters, is shown as its start and its end.
    const far = read.issues.examples.find((i) => i.kind === 'bad-row')!.path!;
    expect(far.length).toBeLessThanOrEqual(160);
    expect(far).toMatch(/^executions\["s"\]\.executions.*….*executions\["s"\]$/);
    let children = '{"id":"c","status":"success","elapsed_time":1}';
    for (let i = 0; i < deep; i++) children = `{"status":"success","elapsed_time":1,"executions":[${children}]}`;
    const chained = readLogText(altan, `{"id":"ex2","modules":{"a":{"e1":${children}}}}`);
    if (!chained.ok) throw new Error(chained.message);
    expect(chained.issues.examples).toContainEqual(expect.objectContaining({ kind: 'bad-row', message: expect.stringMatching(/^module executions nested deeper than \d+ levels; left out$/) }));
  });

  it('a list of them is one run each', () => {
    const read = readLogText(altan, JSON.stringify([run('ex1', 2, 3), run('ex2', 3, 5)]));
    if (!read.ok) throw new Error(read.message);
    expect(read.log.rows).toBe(14);
    expect(new Set(read.log.run).size).toBe(2);
  });
});

describe('Altan execution records: a module whose executions are not a list or a map', () => {
  it('is a problem with its path; the other modules are still read', () => {
    const altan = flowOf([['t', 'trigger'], ['a', 'action'], ['b', 'action']], chain('t', 'a', 'b'));
    const doc = { id: 'ex1', modules: { t: { e1: { status: 'success', elapsed_time: 0 } }, a: 'e2', b: { e3: { status: 'success', elapsed_time: 2 } } } };
    const read = readLogText(altan, JSON.stringify(doc));
    if (!read.ok) throw new Error(read.message);
    expect(Array.from(read.log.module)).toEqual([0, 2]);
    expect(read.issues.counts['bad-row']).toBe(1);
    expect(read.issues.examples).toContainEqual(expect.objectContaining({ kind: 'bad-row', path: 'modules["a"]', message: expect.stringMatching(/module 'a'.*the text "e2"/) }));
  });
});

describe('Altan execution records: billed credits that are not plain numbers', () => {
  const altan = flowOf([['t', 'trigger'], ['a', 'action']], chain('t', 'a'));
  const read = (records: Record<string, unknown>) =>
    readLogText(altan, JSON.stringify({ id: 'ex1', date_creation: '2026-11-02T10:00:00Z', modules: { a: records } }));

  it('a credit written as decimal text is read as its number; null is none', () => {
    const got = read({ e1: { status: 'success', elapsed_time: 1, payload_size: 10, credits: 1.3, llm_credits: null, api_credits: '2' } });
    if (!got.ok) throw new Error(got.message);
    expect(got.log.rows).toBe(1);
    expect(got.log.credits[0]).toBeCloseTo(3.3, 12);
  });

  it('a credit that is not a number ≥ 0 is reported with its path and the execution left out, never counted as 0', () => {
    const got = read({
      e1: { status: 'success', elapsed_time: 1, payload_size: 10, credits: 1, api_credits: -4 },
      e2: { status: 'success', elapsed_time: 1, payload_size: 10, credits: 'n/a' },
      e3: { status: 'success', elapsed_time: 1, payload_size: 10, credits: 1 },
    });
    if (!got.ok) throw new Error(got.message);
    expect(got.log.rows).toBe(1);
    expect(got.issues.counts['bad-number']).toBe(2);
    expect(got.issues.examples.map((i) => [i.path, i.message])).toEqual([
      ['modules["a"][0]', 'api_credits must be a number ≥ 0, got -4'],
      ['modules["a"][1]', 'credits must be a number ≥ 0, got "n/a"'],
    ]);
  });
});

describe('what is not a log is refused with what was found', () => {
  it('an empty list, or an Altan executions answer with no executions, says it is empty (not that it is no log)', () => {
    expect(readLogText(flow, '[]')).toEqual({ ok: false, message: 'the log is an empty list: it holds no rows; nothing to calibrate from' });
    for (const text of ['{"executions": {"items": []}}', '{"executions": []}']) {
      expect(readLogText(flow, text)).toEqual({ ok: false, message: 'these Altan execution records hold no executions; nothing to calibrate from' });
    }
  });

  it('a CSV without the columns', () => {
    const read = readLogText(flow, 'name,price\nx,1\n');
    expect(read).toEqual({ ok: false, message: expect.stringContaining("its first line is 'name,price'") });
  });
  it('a header missing one required column names it', () => {
    const read = readLogText(flow, 'run,module,durationMs,status\n');
    expect(read.ok ? '' : read.message).toMatch(/no column 'payloadBytes'/);
  });
  it('a JSON object of another kind names its keys', () => {
    const read = readLogText(flow, '{\n "format": "creditflow",\n "modules": []\n}');
    expect(read.ok ? '' : read.message).toMatch(/'format', 'modules'/);
  });
  it('an empty text', () => {
    expect(readLogText(flow, '  \n')).toEqual({ ok: false, message: 'the log is empty' });
  });
});

describe('times', () => {
  it('ISO 8601 times with or without milliseconds or an offset; a day that does not exist is refused', async () => {
    const { readTime } = await import('./plainRow');
    expect(readTime('2026-11-02T10:00:00Z')).toBe(Date.UTC(2026, 10, 2, 10));
    expect(readTime('2026-11-02T10:00:00.250Z')).toBe(Date.UTC(2026, 10, 2, 10, 0, 0, 250));
    expect(readTime('2026-11-02T11:00:00+01:00')).toBe(Date.UTC(2026, 10, 2, 10));
    expect(readTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(readTime('2026-02-29T00:00:00Z')).toBeNaN();
    expect(readTime('Nov 2, 2026')).toBeNaN();
  });
});
