/** Test helpers for the importers: load a fixture, import it, and the structural errors left. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { validateFlow } from '../../model/validate';
import type { Edge, Flow, Module } from '../../model/types';
import { importFlow } from './index';
import type { ImportReport } from './report';

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as unknown;
}

/** Errors the validator finds in the imported flow, error edges included (as the CLI and the app read it). */
export function structuralErrors(flow: Flow): string[] {
  return validateFlow(flow)
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.code}: ${p.message}`);
}

export interface Imported {
  flow: Flow;
  report: ImportReport;
  module(id: string): Module;
  edge(source: string, target: string): Edge;
  into(target: string): Edge[];
  from(source: string): Edge[];
  dropped(source: string): string | undefined;
}

export function imported(value: unknown): Imported {
  const result = importFlow(value);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  expect(result.report).toBeDefined();
  const { flow } = result;
  const report = result.report!;
  return {
    flow,
    report,
    module: (id) => {
      const m = flow.modules.find((x) => x.id === id);
      if (!m) throw new Error(`no module ${id}`);
      return m;
    },
    edge: (source, target) => {
      const e = flow.edges.find((x) => x.source === source && x.target === target);
      if (!e) throw new Error(`no edge ${source} → ${target}`);
      return e;
    },
    into: (target) => flow.edges.filter((e) => e.target === target),
    from: (source) => flow.edges.filter((e) => e.source === source),
    dropped: (source) => report.dropped.find((d) => d.source === source)?.reason,
  };
}
