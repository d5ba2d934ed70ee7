import { describe, expect, it } from 'vitest';
import { looksLikeFlowFile } from './importFile';
import { exampleFile } from '../../io/testing/exampleFlow';

describe('a dropped file: a flow or a log of runs, by content', () => {
  it('a flow file is a flow, also a broken one or one that is not JSON at all (the import says what is wrong)', () => {
    expect(looksLikeFlowFile(JSON.stringify(exampleFile(), null, 2))).toBe(true);
    expect(looksLikeFlowFile('\uFEFF{"format": "creditflow", "version": 3,')).toBe(true);
    expect(looksLikeFlowFile('{ "name": "no format", "modules": [')).toBe(true);
    expect(looksLikeFlowFile('hello')).toBe(true);
    expect(looksLikeFlowFile('[1, 2, 3]')).toBe(true);
    expect(looksLikeFlowFile('')).toBe(true);
  });
  it('CSV with a header, a JSON array of rows, JSON lines, n8n and Altan executions are logs', () => {
    expect(looksLikeFlowFile('run,module,durationMs,payloadBytes,status\nr1,t,10,100,ok\n')).toBe(false);
    expect(looksLikeFlowFile('[{"run": "r1", "module": "t"}]')).toBe(false);
    expect(looksLikeFlowFile('{"run": "r1", "module": "t", "durationMs": 1}\n{"run": "r1"')).toBe(false);
    expect(looksLikeFlowFile('{"data": {"resultData": {"runData": {}}}}')).toBe(false);
    expect(looksLikeFlowFile('{"id": "x", "executions": []}')).toBe(false);
    expect(looksLikeFlowFile('{"id": "x", "modules": {"m1": {"credits": 1}}}')).toBe(false);
  });
});
