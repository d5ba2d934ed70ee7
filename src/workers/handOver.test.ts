import { describe, expect, it } from 'vitest';
import { generateFlow } from '../model/generate';
import { serializeFlow } from '../io/serialize';
import { importText } from '../io/import';
import { HandOverParts, handOverMessages, workOutForHandOver, type HandOverDone, type HandOverPart } from './handOver';

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

  it('never puts more than a slice of modules, edges or problems in one message', () => {
    const size = 16;
    for (const message of handOverMessages(5, read, handedOver, size)) {
      if (message.type === 'part') expect(message.items.length).toBeLessThanOrEqual(size);
      else if (message.result.ok) {
        expect(message.result.flow.modules.length + message.result.flow.edges.length).toBe(0);
        expect(message.handedOver?.problems).toEqual([]);
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
