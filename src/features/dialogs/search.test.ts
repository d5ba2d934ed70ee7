import { describe, expect, it } from 'vitest';
import { searchModules } from './search';
import type { Module } from '../../model/types';

const m = (id: string, name: string, type: Module['type'] = 'action'): Module => ({ id, name, type, position: { x: 0, y: 0 } }) as Module;

describe('searchModules', () => {
  const modules = [m('m1', 'Send email'), m('m2', 'Find company', 'search'), m('m3', 'Email digest'), m('m4', 'Each contact', 'iterator')];
  it('finds by part of the name, ignoring case, names starting with the query first', () => {
    expect(searchModules(modules, 'EMAIL').map((x) => x.id)).toEqual(['m3', 'm1']);
  });
  it('matches every word, and kind labels', () => {
    expect(searchModules(modules, 'iterator each').map((x) => x.id)).toEqual(['m4']);
  });
  it('lists everything for an empty query and nothing for a miss', () => {
    expect(searchModules(modules, ' ')).toHaveLength(4);
    expect(searchModules(modules, 'zzz')).toEqual([]);
  });
});
