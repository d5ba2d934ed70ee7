import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { terminalText, visibleText } from './visible';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ACTS_ON_A_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

describe('visibleText and terminalText', () => {
  it('write invisible characters as escapes and leave the rest', () => {
    expect(visibleText('a\u0000b\u001b[2J\n\t\u202e\u0085é✓')).toBe('a\\u0000b\\u001b[2J\\n\\t\\u202e\\u0085é✓');
    expect(terminalText('line\u001b]0;t\u0007\r\nnext\tcell')).toBe('line\\u001b]0;t\\u0007\\r\nnext\tcell');
  });

  it('leave nothing a terminal acts on, and keep JSON the JSON of the same value (property)', () => {
    fc.assert(
      // Escaping is about the texts, not the depth: small JSON values keep the 100 runs cheap on a loaded machine.
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary' }), (value, text) => {
        expect(visibleText(text)).not.toMatch(ACTS_ON_A_TERMINAL);
        expect(visibleText(text)).not.toContain('\n');
        expect(terminalText(text)).not.toMatch(ACTS_ON_A_TERMINAL);
        const json = terminalText(JSON.stringify({ value, text }));
        expect(json).not.toMatch(ACTS_ON_A_TERMINAL);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify({ value, text })));
      }),
    );
    // fast-check alone takes 1.6 s to draw these 100 cases beside a load average of 10 on two cores.
  }, 30_000);
});
