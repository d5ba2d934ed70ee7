/**
 * vendor/d3-color.ts stands in for d3-color in the build (vite.config.ts): it must offer every name the
 * page's d3 modules import from d3-color (else the build fails or, worse, a name is undefined), no
 * module of the app may use d3 (or colours through it), and React Flow must use d3-interpolate only for
 * the zoom's transform.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as lite from './d3-color';

const root = new URL('..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The names a file imports from d3-color. */
function d3ColorImports(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]d3-color['"]/g)) {
    for (const part of m[1]!.split(',')) names.push(part.trim().split(/\s+as\s+/)[0]!);
  }
  return names.filter(Boolean);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('d3-color as the page has it', () => {
  it("offers every name React Flow's d3 modules import from d3-color", () => {
    const importers = ['node_modules/d3-interpolate/dist/d3-interpolate.mjs', 'node_modules/d3-transition/dist/d3-transition.mjs'];
    const names = importers.flatMap((file) => d3ColorImports(read(file)));
    expect(names).toContain('color');
    expect(names).toContain('rgb');
    for (const name of names) expect(typeof (lite as Record<string, unknown>)[name], name).toBe('function');
    // No other package of the page imports d3-color.
    for (const pkg of ['d3-zoom', 'd3-drag', 'd3-selection']) expect(d3ColorImports(read(`node_modules/${pkg}/dist/${pkg}.mjs`)), pkg).toEqual([]);
  });

  it('reads no colour, and says so if a colour space is asked for', () => {
    expect(lite.color('#f00')).toBeNull();
    expect(lite.color('red')).toBeNull();
    expect(() => lite.rgb()).toThrow(/not in Creditflow's build/);
  });

  it('is not needed by the app: no module of src/ imports d3, and React Flow tweens only the zoom', () => {
    const d3Users = sourceFiles('src').filter((file) => /from\s+['"]d3-/.test(read(file)));
    expect(d3Users).toEqual([]);
    const system = read('node_modules/@xyflow/system/dist/esm/index.js');
    // Its only transitions: getD3Transition's, handed to d3-zoom (transform tweens), never attr/style tweens.
    expect(system.match(/\.transition\(/g)).toHaveLength(1);
    expect(system).not.toMatch(/\.(attrTween|styleTween)\(|\.transition\([^)]*\)[^;]*\.(attr|style)\(/);
    expect(system).toMatch(/import \{ interpolateZoom, interpolate \} from 'd3-interpolate'/);
  });

  it('is what the build resolves d3-color to', () => {
    expect(read('vite.config.ts')).toMatch(/'d3-color': fileURLToPath\(new URL\('\.\/vendor\/d3-color\.ts', import\.meta\.url\)\)/);
  });
});
