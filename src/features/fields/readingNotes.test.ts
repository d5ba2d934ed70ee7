import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIELD_RULES, typedRule } from '../../model/fieldRules';
import { readingNote } from '../../model/readingNote';

const src = join(dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the fields without the reading notes (PlainNumberField, PlainEstimateField: readingNotes.ts)', () => {
  it('are used only by the first frame’s fields, the flow settings’ and the runs per month', () => {
    const users = sources(src)
      .filter((file) => /import\s*\{[^}]*\bPlain(Number|Estimate)Field\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(src, file));
    // (estimateFieldWith.tsx makes PlainEstimateField with PlainNumberField for its single number.)
    expect(users.sort()).toEqual(['features/fields/RunsPerMonthField.tsx', 'features/fields/estimateFieldWith.tsx', 'features/inspector/FlowSettings.tsx']);
  });

  it('whose units (runs, credits, $) no note is about: the same field with the notes would say nothing there', () => {
    const units = [typedRule(FIELD_RULES.runsPerMonth).unit, typedRule(FIELD_RULES.budget, 'credits').unit, typedRule(FIELD_RULES.budget, '$').unit];
    expect(units).toEqual(['runs', 'credits', '$']);
    for (const unit of units) for (const text of ['0.5', '.05', '0,5', '0.999']) expect(readingNote(text, unit), `${text} ${unit}`).toBeNull();
    // A field in % says one for the same texts.
    for (const text of ['0.5', '.05', '0.999']) expect(readingNote(text, '%'), text).not.toBeNull();
  });
});
