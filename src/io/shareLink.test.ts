import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flowLink, flowTextOfLink, linkData, LINK_MESSAGES } from './shareLink';
import { serializeFlow } from './serialize';
import { parseFlow } from './parse';
import { defaultSampleFlow, SAMPLE_FLOWS } from './samples/index';
import { generateFlow } from '../model/generate';
import { MAX_LINK_CHARS } from './limitsLater';

const BASE = 'https://creditflow.example/app/';

async function linkOf(text: string): Promise<string> {
  const link = await flowLink(text, BASE);
  if (!link.ok) throw new Error(link.message);
  return link.url;
}

async function textOf(url: string): Promise<string> {
  const data = linkData(new URL(url).hash);
  if (data === null) throw new Error('not a share link');
  const read = await flowTextOfLink(data);
  if (!read.ok) throw new Error(read.message);
  return read.text;
}

describe('share links', () => {
  it('give back the flow file text byte for byte, for every sample', async () => {
    for (const sample of SAMPLE_FLOWS) {
      const text = serializeFlow(await sample.load());
      const url = await linkOf(text);
      expect(url.startsWith(`${BASE}#flow=`)).toBe(true);
      expect(await textOf(url)).toBe(text);
    }
  });

  it('give back any text byte for byte (unicode, empty lines, long runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 400 }), async (text) => {
        const data = linkData(new URL(await linkOf(text)).hash)!;
        if (text === '') return;
        const read = await flowTextOfLink(data);
        expect(read).toEqual({ ok: true, text });
      }),
      { numRuns: 60 },
    );
  });

  it('are made on the page address without its own fragment, with URL-safe characters only', async () => {
    const link = await flowLink(serializeFlow(defaultSampleFlow()), `${BASE}#flow=old`);
    expect(link.ok && link.url.split('#').length).toBe(2);
    expect(link.ok && /^[A-Za-z0-9_-]+$/.test(link.url.split('#flow=')[1]!)).toBe(true);
  });

  it('refuse a flow too large for a link, saying to export the file instead', async () => {
    // A generated flow whose compressed text is past the limit.
    const text = serializeFlow(generateFlow({ modules: 3000, seed: 7 }));
    const link = await flowLink(text, BASE);
    expect(link.ok).toBe(false);
    if (!link.ok) {
      expect(link.message).toMatch(/too large for a link/);
      expect(link.message).toMatch(/Export the file instead/);
      expect(link.message).toContain(MAX_LINK_CHARS.toLocaleString('en-US'));
    }
  });

  it('refuse a damaged or changed link and say why, never opening something else', async () => {
    const url = await linkOf(serializeFlow(defaultSampleFlow()));
    const data = linkData(new URL(url).hash)!;
    const flip = (i: number) => data.slice(0, i) + (data[i] === 'A' ? 'B' : 'A') + data.slice(i + 1);
    for (const damaged of [data.slice(0, data.length - 6), flip(Math.floor(data.length / 2)), flip(data.length - 3), 'not*base64', '%%%']) {
      const read = await flowTextOfLink(damaged);
      expect(read.ok, damaged.slice(-12)).toBe(false);
      if (!read.ok) expect(read.message).toBe(LINK_MESSAGES.damaged);
    }
    expect(await flowTextOfLink('')).toEqual({ ok: false, message: LINK_MESSAGES.empty });
    expect((await flowTextOfLink('A'.repeat(MAX_LINK_CHARS + 1))).ok).toBe(false);
  });

  it('hold a flow the file parser reads as the same flow', async () => {
    const flow = defaultSampleFlow();
    const parsed = parseFlow(await textOf(await linkOf(serializeFlow(flow))));
    expect(parsed.ok && parsed.value).toEqual(flow);
  });

  it('are only fragments that start with #flow=', () => {
    expect(linkData('#flow=abc')).toBe('abc');
    expect(linkData('#other=abc')).toBeNull();
    expect(linkData('')).toBeNull();
  });
});
