/**
 * One table of field rules (issue 13 item 4, issue 18 items 1–5): every number and text a flow
 * holds, with its label, unit, bounds and why the bound exists. The file reader (io/schema),
 * the validator, the editor's recipes (store/operations), the paste reader, the inspector
 * fields, the sensitivity sweep and the CLI all read it, so that whatever the editor can make
 * the file reader accepts, and a value a file may hold can be typed in the inspector.
 *
 * Defaults are not here: an assumption's default is its module kind's (model/modules), runs per
 * month's is the pricer's, a rate card number's is the default rate card's.
 *
 * How the caps were chosen: the file reader of commit 255af77 accepted any number ≥ 0 for every
 * assumption but iterations; a cap now refuses only what is unsafe (1e308 overflows the month
 * total) or is surely a typo, and sits far above anything the editor of that commit could
 * write, so no saved flow of that editor becomes unreadable. Docs: flow-format.md#field-rules.
 */
import type { AssumptionKey } from './types';

export interface NumberRule {
  /** How a person reads the field: "Duration". */
  label: string;
  /** Shown beside the field: "s", "KB", "%". Empty when the number has no unit. */
  unit: string;
  /** The unit as a word in messages: "seconds". Empty when none. */
  unitName: string;
  /**
   * What a field shows and reads per unit stored: 100 for a share typed and shown in % (failure
   * rate, pass rate: "50" and "50%" store 0.5); absent: 1. Every field and CLI option of the
   * number types it through `typedRule`, so the same text means the same amount everywhere.
   */
  scale?: number;
  min: number;
  /** When true, `min` itself is not allowed (a reference size divides). */
  minExclusive?: boolean;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** Why the bounds are where they are. */
  why: string;
}

export interface TextRule {
  label: string;
  /** Fewest characters a file may hold. */
  min: number;
  /** Most characters, as a person counts them (`textLength`: an emoji or a letter with its accents is one). */
  max: number;
  why: string;
}

const SUM_SAFE =
  'credits add up over loops, runs and months; keeping each term at or below 10^12 keeps every total far from the largest number the engine can hold';

/** Each assumption of a module. */
export const ASSUMPTION_RULES: Readonly<Record<AssumptionKey, NumberRule>> = {
  durationSec: {
    label: 'Duration',
    unit: 's',
    unitName: 'seconds',
    min: 0,
    max: 1_000_000_000,
    why: 'about 32 years per execution: more is a typo (time credits grow with each doubling, so the cap only keeps figures finite)',
  },
  payloadKB: {
    label: 'Payload',
    unit: 'KB',
    unitName: 'KB',
    min: 0,
    max: 1_000_000_000_000,
    why: 'a petabyte per execution: more is a typo',
  },
  retries: {
    label: 'Retries',
    unit: '×',
    unitName: 'retries',
    min: 0,
    max: 1_000_000,
    why: 'each retry repeats the whole attempt and multiplies its credits; a million per execution is already a typo',
  },
  extraCredits: {
    label: 'Extra credits',
    unit: 'credits',
    unitName: 'credits',
    min: 0,
    max: 1_000_000_000_000,
    why: SUM_SAFE,
  },
  iterations: {
    label: 'Items per execution',
    unit: 'items',
    unitName: 'items per iterator execution',
    min: 0,
    max: 1_000_000,
    why: 'larger loops cannot be priced or simulated in reasonable time',
  },
  failureRate: {
    label: 'Failure rate',
    unit: '%',
    unitName: '',
    scale: 100,
    min: 0,
    max: 1,
    why: 'a share of the executions that still fail after their retries: 0 (none) to 1 (all)',
  },
  pages: {
    label: 'Pages',
    unit: 'pages',
    unitName: 'pages per execution',
    min: 1,
    max: 1_000_000,
    why: 'each page beyond the first pays the search surcharge; a million result pages per execution is surely a typo',
  },
};

/** The other numbers of a flow. */
export const FIELD_RULES = {
  passRate: {
    label: 'Pass rate',
    unit: '%',
    unitName: '',
    scale: 100,
    min: 0,
    max: 1,
    why: 'a share of the bundles that pass: 0 (none) to 1 (all)',
  },
  runsPerMonth: {
    label: 'Runs per month',
    unit: 'runs',
    unitName: 'runs',
    min: 0,
    max: 1_000_000_000_000,
    why: 'about 385,000 runs a second; more is a typo, and the cap keeps the month total finite',
  },
  priority: {
    label: 'Priority',
    unit: '',
    unitName: '',
    min: -1_000_000_000,
    max: 1_000_000_000,
    why: 'only the order of a router’s priorities matters (lower runs first; fractions and negatives order too); the bounds keep typos out',
  },
  budget: {
    label: 'Budget',
    /** Typed in credits by default; a budget in dollars types `typedRule(FIELD_RULES.budget, '$')`. */
    unit: 'credits',
    unitName: '',
    min: 0,
    max: 1_000_000_000_000_000,
    why: 'near 2^53 a number stops counting single credits exactly',
  },
  baseCredits: { label: 'Base credits', unit: 'credits', unitName: 'credits', min: 0, max: 1_000_000_000_000, why: SUM_SAFE },
  creditsPerDoubling: {
    label: 'Credits per doubling',
    unit: 'credits',
    unitName: 'credits',
    min: 0,
    max: 1_000_000_000_000,
    why: SUM_SAFE,
  },
  referenceSec: {
    label: 'Reference duration',
    unit: 's',
    unitName: 'seconds',
    min: 0.001,
    max: 1_000_000_000,
    why: 'durations are divided by it: below a millisecond the ratio overflows (5e-324 gave an infinite total)',
  },
  referenceKB: {
    label: 'Reference payload',
    unit: 'KB',
    unitName: 'KB',
    min: 0.001,
    max: 1_000_000_000_000,
    why: 'payloads are divided by it: below a byte the ratio overflows',
  },
  searchIterationSurcharge: {
    label: 'Search surcharge',
    unit: 'credits',
    unitName: 'credits',
    min: 0,
    max: 1_000_000_000_000,
    why: SUM_SAFE,
  },
  dollarsPerCredit: { label: 'Dollars per credit', unit: '$', unitName: 'dollars', min: 0, max: 1_000_000_000_000, why: SUM_SAFE },
  /** The platform table (settings.platforms, platforms.md): units per execution of a kind on Make, Zapier or n8n. */
  platformUnits: { label: 'Units per execution', unit: 'units', unitName: 'units', min: 0, max: 1_000_000_000_000, why: SUM_SAFE },
  codeUnitsPerSecond: {
    label: 'Code units per second',
    unit: 'units/s',
    unitName: 'units per second',
    min: 0,
    max: 1_000_000_000_000,
    why: SUM_SAFE,
  },
  unitsPerRun: { label: 'Units per run', unit: 'units', unitName: 'units', min: 0, max: 1_000_000_000_000, why: SUM_SAFE },
  planUnits: {
    label: 'Units a month',
    unit: 'units',
    unitName: 'units',
    min: 0,
    max: 1_000_000_000_000_000,
    why: 'near 2^53 a number stops counting single units exactly',
  },
  /** A module's x or y on the canvas. */
  position: {
    label: 'Position',
    unit: 'px',
    unitName: 'pixels',
    min: -10_000_000,
    max: 10_000_000,
    why: 'a place on the canvas: beyond ±10 million pixels the canvas cannot draw it (1e308 gave an empty canvas and SVG errors), and no flow is that wide',
  },
  planPrice: { label: 'Price a month', unit: '$', unitName: 'dollars', min: 0, max: 1_000_000_000_000, why: SUM_SAFE },
} as const satisfies Record<string, NumberRule>;

/**
 * How a person types a rule's number, in a field or a CLI option: the unit that may follow it
 * (read by `readNumber`, model/numberText), the display scale, and the bounds in shown units.
 * `unit` may be overridden where the amount's unit is chosen beside it (a budget in dollars).
 */
export interface TypedRule {
  unit: string;
  scale: number;
  min: number;
  max: number;
  integer?: boolean;
}

export function typedRule(rule: NumberRule, unit: string = rule.unit): TypedRule {
  const scale = rule.scale ?? 1;
  return {
    unit,
    scale,
    min: Number((rule.min * scale).toPrecision(15)),
    max: Number((rule.max * scale).toPrecision(15)),
    ...(rule.integer ? { integer: true } : {}),
  };
}

const NAME_WHY = 'a name is a label on the canvas, not a document';

/** Texts. Counted in characters as a person sees them (`textLength`: an emoji, a flag or a letter with its accents is one). */
export const TEXT_RULES = {
  flowName: { label: 'A flow name', min: 0, max: 200, why: NAME_WHY },
  moduleName: { label: 'A module name', min: 0, max: 200, why: NAME_WHY },
  scenarioName: { label: 'A scenario name', min: 0, max: 200, why: NAME_WHY },
  id: { label: 'An id', min: 1, max: 200, why: 'ids are short keys; the editor makes them (m12, e7, s3)' },
  planName: { label: 'A plan name', min: 0, max: 200, why: NAME_WHY },
  platformNote: { label: 'A date or source', min: 0, max: 1000, why: 'a date or the title of a help page, not a document' },
  schedule: { label: 'A schedule', min: 0, max: 200, why: 'a cron expression is five short fields' },
} as const satisfies Record<string, TextRule>;

/**
 * How deep conditions may nest, counting each group and each rule as one level (a rule inside
 * 63 groups is 64 levels). The condition builder stops offering "Group" and "Rule" at this depth.
 */
export const MAX_CONDITION_DEPTH = 64;

/**
 * The same limit in JSON nesting, as the file reader counts it: a group is an object holding a
 * list (two levels), a rule an object holding `{ op: value }` whose value may be a list (three).
 * Conditions of at most MAX_CONDITION_DEPTH levels nest at most this deep, and deeper ones more.
 */
export const MAX_CONDITION_JSON_DEPTH = 2 * MAX_CONDITION_DEPTH + 1;

/**
 * The guardrails of the whole file. A file that crosses one is refused with a message that
 * names the limit; nothing truncates silently. Condition values and mappings have no cap of
 * their own: the file size bounds them, and the builder writes whatever is typed.
 */
export const FILE_LIMITS = {
  /**
   * Checked before parsing. The app's own text of a flow at the module limit must open again
   * (the library, the working copy and an export are read by this reader): a generated
   * 100,000-module flow is 37.6 MB as the app writes it (indented; 21.6 MB without), so 64 MB
   * leaves room for longer names and notes (io/flowSize.test.ts holds it). A 10,000-module flow
   * is about 3.7 MB.
   */
  bytes: 64 * 1024 * 1024,
  /**
   * Nesting of the whole file, checked by an iterative walk before anything recurses. Above the
   * deepest the editor can make: conditions at MAX_CONDITION_JSON_DEPTH, four levels into the file.
   */
  depth: 256,
  /** Errors reported for one file; the rest are counted in one last message. */
  errors: 100,
  /**
   * Modules and edges in one flow (issue 18 item 9, issue 19). Real Altan and n8n flows hold a few
   * hundred modules; imported and generated ones go far beyond, and issue 19 asks the app to open
   * 100,000 modules with progress and Cancel. At 100,000 the page holds the open flow in about
   * 150 MB of JavaScript heap (a generated flow, after a garbage collection: docs/performance.md),
   * within what a tab is given; the import worker holds its copy only while it reads. Above, the
   * file reader refuses the file, in the app and the command line alike, and the editor makes no
   * flow larger (one table of limits). Edges: twice the modules (the generator writes about one
   * edge per module; a router or a merge adds a few).
   */
  modules: 100_000,
  edges: 200_000,
  /**
   * A share link's compressed flow, in characters of the URL fragment (32 kB): well inside what
   * browsers keep of an address and what chat apps and mail clients pass on. A larger flow is
   * exported as a file instead.
   */
  linkChars: 32 * 1024,
} as const;

// ---------------------------------------------------------------------------------------------
// Checks

/**
 * UTF-16 units one character may take, on average over a text. A character a person sees can be
 * many units (a family emoji with skin tones is 19, a letter with stacked accents as many as it
 * has accents), so a length in characters alone would let a one-character name hold megabytes
 * that the canvas then lays out; 32 units a character holds any real text. The inputs stop
 * typing here (`maxLength` counts units).
 */
export const UNITS_PER_CHARACTER = 32;

/** The most UTF-16 units a text of at most `max` characters may take. */
export const maxTextUnits = (max: number): number => max * UNITS_PER_CHARACTER;

/**
 * A code point that may join its neighbour into one character (Unicode's grapheme cluster rules,
 * UAX #29: GB3 CR LF, GB6–8 Hangul jamo, GB9 Extend and ZWJ, GB9a SpacingMark, GB9b Prepend, GB12–13
 * regional indicator pairs), taken wide: CR, every mark, grapheme extender and format character,
 * the emoji modifiers and regional indicators, all of Hangul, the three spacing or prepended
 * letters of the first plane (Thai and Lao AM, Malayalam dot reph), and every code point from
 * U+10000 to U+1EFFF (the historic and minor scripts, where new versions of Unicode add such
 * letters; emoji and CJK lie outside it). A text without one (most names: Latin, Greek, Cyrillic,
 * CJK, Arabic letters, digits, punctuation, single emoji) has one character per code point and is
 * counted without segmenting, which costs microseconds a character.
 */
export const MAY_JOIN =
  /\r|[\p{M}\p{Grapheme_Extend}\p{Cf}\p{Emoji_Modifier}\p{Regional_Indicator}\p{Script=Hangul}\u0e33\u0eb3\u0d4e\u{10000}-\u{1efff}]/u;

/** Built on first use: creating it starts the browser's or Node's Unicode tables. */
const lazy: { segmenter?: Intl.Segmenter } = {};

/** The characters of a text as a person sees them (grapheme clusters), with where each starts. */
export function characters(text: string): Iterable<Intl.SegmentData> {
  lazy.segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return lazy.segmenter.segment(text);
}

/**
 * Characters as a person counts them: what they see as one (a grapheme cluster, Intl.Segmenter),
 * so an emoji, a family emoji, a flag and a letter with its accents each count once. Counting
 * stops past `limit` (the count is then `limit + 1`).
 */
export function textLength(text: string, limit = Infinity): number {
  if (!MAY_JOIN.test(text)) return Math.min(codePoints(text), limit + 1);
  let n = 0;
  for (const _ of characters(text)) if (++n > limit) break;
  return n;
}

/**
 * Whether a text is longer than `max` characters, or takes more than `maxTextUnits(max)` UTF-16
 * units; counts characters only when the units and code points leave doubt (a character is at
 * least one of each).
 */
export function isTooLong(text: string, max: number): boolean {
  if (text.length <= max) return false;
  if (text.length > maxTextUnits(max)) return true;
  // Segmenting costs microseconds a character: a text of at most `max` code points has at most `max` characters.
  if (codePoints(text) <= max) return false;
  return textLength(text, max) > max;
}

/** Code points (a surrogate pair is one): never fewer than the characters a person sees. */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * How a text breaks its length limit, in words for a message; null when it does not.
 * `count` is the number alone ("201"), `length` with its unit ("201 characters", "6,401 units of
 * text"), `limit` the allowed amount with its unit ("200 characters").
 */
export function textOverLimit(text: string, max: number): { count: string; length: string; limit: string } | null {
  if (!isTooLong(text, max)) return null;
  const words = (n: number) => n.toLocaleString('en-US');
  // Past the units, a text whose code points are its characters is counted (cheaply) in characters.
  if (text.length > maxTextUnits(max) && MAY_JOIN.test(text)) {
    const units = `${words(text.length)} units of text`;
    return { count: units, length: units, limit: `${words(maxTextUnits(max))} units of text (an accent or a joined emoji takes several)` };
  }
  const count = words(textLength(text));
  return { count, length: `${count} characters`, limit: `${words(max)} characters` };
}

/** Whether a number keeps a rule (finite, within bounds, whole when asked). */
export function keepsRule(value: unknown, rule: NumberRule): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule.minExclusive ? value > rule.min : value >= rule.min) &&
    value <= rule.max &&
    (!rule.integer || Number.isInteger(value))
  );
}
