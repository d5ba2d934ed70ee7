// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { defaultSampleFlow } from '../../io/samples';
import { SearchDialog } from './SearchDialog';

/** Every class name a style sheet under src/ gives a rule to. */
function styledClasses(): Set<string> {
  const classes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.css')) for (const m of readFileSync(path, 'utf8').matchAll(/\.(cf-[\w-]+)/g)) classes.add(m[1]!);
    }
  };
  walk(join(__dirname, '../..'));
  return classes;
}

describe('Find a module dialog', () => {
  afterEach(cleanup);
  it('gives every part it draws (field, list, hit, icon, name, kind) a style rule, so nothing shows browser defaults', () => {
    renderWithEditor(<SearchDialog />, testEditor({ flow: defaultSampleFlow() }));
    const drawn = new Set<string>();
    for (const el of screen.getByTestId('search-dialog').querySelectorAll('[class]')) {
      for (const name of el.classList) if (name.startsWith('cf-search')) drawn.add(name);
    }
    expect([...drawn].sort()).toEqual(
      expect.arrayContaining(['cf-search', 'cf-search__hit', 'cf-search__icon', 'cf-search__input', 'cf-search__kind', 'cf-search__list', 'cf-search__name']),
    );
    const styled = styledClasses();
    expect([...drawn].filter((name) => !styled.has(name))).toEqual([]);
  });

  it('shows each hit with its name and kind apart and moves the highlight with the arrow keys', () => {
    renderWithEditor(<SearchDialog />, testEditor({ flow: defaultSampleFlow() }));
    const hits = screen.getAllByTestId('search-hit');
    expect(hits.length).toBeGreaterThan(1);
    expect(hits[0]!.querySelector('.cf-search__name')?.textContent).not.toBe('');
    expect(hits[0]!.querySelector('.cf-search__kind')?.textContent).not.toBe('');
    expect(hits[0]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'ArrowDown' });
    expect(screen.getAllByTestId('search-hit')[1]!.getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByTestId('search-hit')[0]!.getAttribute('aria-selected')).toBe('false');
  });
});
