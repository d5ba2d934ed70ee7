import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..');

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return cssFiles(path);
    return entry.name.endsWith('.css') ? [path] : [];
  });
}

/**
 * The style rules of a stylesheet that sit inside another style rule (not in an @media, @supports
 * or @keyframes block), as "outer > inner", and whether every brace is closed. The stylesheets
 * are written flat: a rule inside another is a brace left open, which the build turns into a
 * descendant selector that matches nothing (the import progress was drawn without its styles so).
 */
function nestingOf(css: string): { nested: string[]; unclosed: number } {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const open: string[] = [];
  const nested: string[] = [];
  let since = '';
  for (const ch of text) {
    if (ch === '{') {
      const selector = since.split(';').at(-1)!.trim();
      const outer = open.at(-1);
      if (outer !== undefined && !outer.startsWith('@')) nested.push(`${outer} > ${selector}`);
      open.push(selector);
      since = '';
    } else if (ch === '}') {
      open.pop();
      since = '';
    } else since += ch;
  }
  return { nested, unclosed: open.length };
}

describe("the app's stylesheets", () => {
  it('finds a rule left open', () => {
    expect(nestingOf('.a {\n  color: red;\n.b { color: blue; }\n')).toEqual({ nested: ['.a > .b'], unclosed: 1 });
    expect(nestingOf('@media (max-width: 900px) { .a { color: red; } }\n.b { color: blue; }')).toEqual({ nested: [], unclosed: 0 });
  });

  it.each(cssFiles(SRC).map((file) => [relative(SRC, file), file]))('%s closes every rule and nests none', (_name, file) => {
    expect(nestingOf(readFileSync(file, 'utf8'))).toEqual({ nested: [], unclosed: 0 });
  });
});
