import { describe, expect, it } from 'vitest';
import { generateFlow } from '../model/generate';
import { serializeFlow } from '../io/serialize';
import { importText } from '../io/import';
import { workOutForHandOver } from './handOver';
import { HandOverParts, handOverMessages, type HandOverDone, type HandOverPart } from './handOverParts';

/** A flow with problems: extra triggers (each a problem). */
function flowWithProblems(modules: number) {
  const flow = generateFlow({ modules, seed: 7 });
  for (let i = 0; i < 25; i++) flow.modules.push({ id: `t${i}`, type: 'trigger', name: `Trigger ${i}`, position: { x: 0, y: 90 * i } });
  const read = importText(serializeFlow(flow));
  if (!read.ok) throw new Error('the generated flow does not read');
  return read;
}

/** Sends the messages through structured clone, as postMessage does, and puts them back together. */
function throughThePost(messages: (HandOverPart | HandOverDone)[]) {
  const parts = new HandOverParts();
  for (const message of messages.slice(0, -1).map((m) => structuredClone(m))) {
    if (message.type !== 'part') throw new Error('a part was expected');
    parts.add(message);
  }
  return parts.complete(structuredClone(messages.at(-1) as HandOverDone));
}

describe('the hand-over of a large flow, a slice a message', () => {
  const read = flowWithProblems(300);
  const handedOver = workOutForHandOver(read.flow);

  it('puts the very document back together: flow, problems and text', () => {
    expect(handedOver.problems.length).toBeGreaterThan(20);
    const messages = handOverMessages(5, read, handedOver, 16);
    expect(messages.length).toBeGreaterThan(20);
    const whole = throughThePost(messages);
    expect(whole.result).toEqual(read);
    expect(whole.handedOver).toEqual(handedOver);
    if (!whole.result.ok) throw new Error('not ok');
    expect(serializeFlow(whole.result.flow)).toBe(serializeFlow(read.flow));
  });

  it('puts the text back together when only the text is long', () => {
    const messages = handOverMessages(5, read, handedOver, 10_000, 1_000);
    expect(messages.filter((m) => m.type === 'part' && m.list === 'text').length).toBe(Math.ceil(handedOver.flowText.length / 1_000));
    expect(throughThePost(messages)).toEqual({ result: read, handedOver });
  });

  it('never puts more than a slice of modules, edges, problems or text in one message', () => {
    const size = 16;
    for (const message of handOverMessages(5, read, handedOver, size, 500)) {
      if (message.type === 'part' && message.list === 'text') expect((message.items[0] as string).length).toBeLessThanOrEqual(500);
      else if (message.type === 'part') expect(message.items.length).toBeLessThanOrEqual(size);
      else if (message.result.ok) {
        expect(message.result.flow.modules.length + message.result.flow.edges.length).toBe(0);
        expect(message.handedOver?.problems).toEqual([]);
        expect(message.handedOver?.flowText).toBe('');
      }
      expect(message.id).toBe(5);
    }
  });

  it('hands a flow smaller than a slice over in one message, as it is', () => {
    const messages = handOverMessages(2, read, handedOver, 10_000);
    expect(messages).toEqual([{ type: 'done', id: 2, result: read, handedOver }]);
    expect(throughThePost([...messages])).toEqual({ result: read, handedOver });
  });
});

describe('what the worker works out equals what the page would', () => {
  it('problems and library figures, for any generated flow, with overflowing and ranged numbers too', async () => {
    const fc = (await import('fast-check')).default;
    const { checkFlow } = await import('../cost/check');
    const { figuresOf } = await import('../cost/flowFigures');
    const { nestedLoopsFlow } = await import('../cost/testing/nestedLoops');
    const flows = fc.oneof(
      fc.record({ modules: fc.integer({ min: 0, max: 120 }), seed: fc.integer({ min: 0, max: 1e6 }), rangeShare: fc.double({ min: 0, max: 1, noNaN: true }) }).map((o) => generateFlow(o)),
      fc.record({ depth: fc.integer({ min: 1, max: 70 }), iterations: fc.constantFrom(2, 10, 1e3, 1e6) }).map(({ depth, iterations }) => nestedLoopsFlow(depth, iterations)),
    );
    fc.assert(
      fc.property(flows, (flow) => {
        const handed = structuredClone(workOutForHandOver(flow));
        expect(handed.problems).toEqual(checkFlow(flow));
        const page = figuresOf(structuredClone(flow));
        expect(handed.figures).toEqual({ total: page.total, perMonth: page.perMonth });
      }),
      { numRuns: 40 },
    );
  });

  it('the library lists the worker\'s figures for the flow they were handed with, and prices any other flow itself', async () => {
    const { figuresOf, rememberFigures } = await import('../cost/flowFigures');
    const flow = Object.freeze(generateFlow({ modules: 20, seed: 3 }));
    const own = figuresOf(flow);
    // Marked, so that they can only be the ones remembered.
    rememberFigures(flow, { total: 1.5, perMonth: 1500 });
    expect(figuresOf(flow)).toEqual({ ...own, total: 1.5, perMonth: 1500 });
    expect(figuresOf(structuredClone(flow))).toEqual(own);
  });
});
