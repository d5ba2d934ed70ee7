/**
 * Schedules of the source formats as the trigger's `config.schedule`: a 5-field cron in UTC
 * (cost-model.md §7). Only the shape is checked here; pricing a schedule comes with version 3.
 */
import { isObject } from './values';
import { readSchedule } from '../../model/cron';

export interface Schedule {
  /** The 5-field cron, when the source's schedule can be written as one. */
  cron?: string;
  /** Runs per month, when the schedule fires more often than a cron can say (n8n's seconds). */
  runsPerMonth?: number;
  /** What was approximated or left out, in words. */
  notes: string[];
}

const FIELD = /^[\d*/,-]+$/;
const SECONDS_PER_MONTH = (365 * 24 * 3600) / 12;

/**
 * A cron of 5 fields (a 6-field one loses its seconds, with a note), or undefined with a note: also when
 * the schedule reader cannot read it (`61 25 * * *`), since a flow carrying it would be refused whole.
 */
export function cronOf(expression: unknown, notes: string[]): string | undefined {
  if (typeof expression !== 'string' || expression.trim() === '') return undefined;
  let fields = expression.trim().split(/\s+/);
  if (fields.length === 6) {
    notes.push(`the cron "${expression.trim()}" has a seconds field; it was dropped`);
    fields = fields.slice(1);
  }
  if (fields.length !== 5 || !fields.every((f) => FIELD.test(f))) {
    notes.push(`the schedule "${expression.trim().slice(0, 80)}" is not a 5-field cron; runs per month take the default`);
    return undefined;
  }
  const cron = fields.join(' ');
  const reading = readSchedule(cron);
  if (!reading.ok) {
    notes.push(`the schedule "${expression.trim().slice(0, 80)}" cannot be read (${reading.message}); runs per month take the default`);
    return undefined;
  }
  return cron;
}

const int = (v: unknown, fallback: number, min: number, max: number): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback;

/** Every `n` units of a cron field that counts from 0 to `size − 1`: `*` for 1, `*\/n` otherwise (approximate when n does not divide size). */
function every(n: number, size: number, unit: string, notes: string[]): string {
  if (n <= 1) return '*';
  if (size % n !== 0) notes.push(`"every ${n} ${unit}" restarts each ${unit === 'minutes' ? 'hour' : unit === 'hours' ? 'day' : 'cycle'} in a cron; runs are approximate`);
  return `*/${n}`;
}

/** One interval rule of n8n's Schedule Trigger (`parameters.rule.interval[i]`). */
function n8nInterval(rule: Record<string, unknown>, notes: string[]): Schedule {
  const field = typeof rule.field === 'string' ? rule.field : 'days';
  const minute = int(rule.triggerAtMinute, 0, 0, 59);
  const hour = int(rule.triggerAtHour, 0, 0, 23);
  switch (field) {
    case 'cronExpression': {
      const cron = cronOf(rule.expression, notes);
      return cron ? { cron, notes } : { notes };
    }
    case 'seconds': {
      const n = int(rule.secondsInterval, 30, 1, 86_400);
      notes.push(`every ${n} seconds cannot be written as a cron; runs per month set to ${Math.round(SECONDS_PER_MONTH / n)}`);
      return { runsPerMonth: SECONDS_PER_MONTH / n, notes };
    }
    case 'minutes':
      return { cron: `${every(int(rule.minutesInterval, 5, 1, 59), 60, 'minutes', notes)} * * * *`, notes };
    case 'hours':
      return { cron: `${minute} ${every(int(rule.hoursInterval, 1, 1, 23), 24, 'hours', notes)} * * *`, notes };
    case 'weeks': {
      const days = Array.isArray(rule.triggerAtDay) ? rule.triggerAtDay.filter((d): d is number => typeof d === 'number' && d >= 0 && d <= 6) : [];
      if (int(rule.weeksInterval, 1, 1, 52) > 1) notes.push('"every few weeks" cannot be written as a cron; the schedule fires every week');
      return { cron: `${minute} ${hour} * * ${days.length > 0 ? [...new Set(days)].sort().join(',') : '0'}`, notes };
    }
    case 'months':
      return { cron: `${minute} ${hour} ${int(rule.triggerAtDayOfMonth, 1, 1, 31)} ${every(int(rule.monthsInterval, 1, 1, 12), 12, 'months', notes)} *`, notes };
    default: {
      const n = int(rule.daysInterval, 1, 1, 31);
      if (n > 1) notes.push(`"every ${n} days" restarts each month in a cron; runs are approximate`);
      return { cron: `${minute} ${hour} ${n > 1 ? `*/${n}` : '*'} * *`, notes };
    }
  }
}

/** The schedule of an n8n trigger node (Schedule Trigger, legacy Cron and Interval), or undefined for other triggers. */
export function n8nSchedule(kind: string, parameters: unknown): Schedule | undefined {
  const p = isObject(parameters) ? parameters : {};
  const notes: string[] = [];
  if (kind === 'scheduleTrigger') {
    const rules = isObject(p.rule) && Array.isArray(p.rule.interval) ? p.rule.interval.filter(isObject) : [];
    if (rules.length > 1) notes.push(`${rules.length} schedule rules; only the first is kept as the cron`);
    return n8nInterval(rules[0] ?? { field: 'days' }, notes);
  }
  if (kind === 'interval') {
    const n = typeof p.interval === 'number' && p.interval > 0 ? p.interval : 1;
    const unit = p.unit === 'minutes' || p.unit === 'hours' ? p.unit : 'seconds';
    if (unit === 'seconds') return n8nInterval({ field: 'seconds', secondsInterval: Math.round(n) }, notes);
    return n8nInterval(unit === 'minutes' ? { field: 'minutes', minutesInterval: n } : { field: 'hours', hoursInterval: n }, notes);
  }
  if (kind === 'cron') {
    const items = isObject(p.triggerTimes) && Array.isArray(p.triggerTimes.item) ? p.triggerTimes.item.filter(isObject) : [];
    if (items.length > 1) notes.push(`${items.length} trigger times; only the first is kept as the cron`);
    const t = items[0] ?? {};
    const minute = int(t.minute, 0, 0, 59);
    const hour = int(t.hour, 0, 0, 23);
    switch (t.mode) {
      case 'everyMinute':
        return { cron: '* * * * *', notes };
      case 'everyHour':
        return { cron: `${minute} * * * *`, notes };
      case 'everyWeek':
        return { cron: `${minute} ${hour} * * ${int(t.weekday, 1, 0, 6)}`, notes };
      case 'everyMonth':
        return { cron: `${minute} ${hour} ${int(t.dayOfMonth, 1, 1, 31)} * *`, notes };
      case 'custom': {
        const cron = cronOf(t.cronExpression, notes);
        return cron ? { cron, notes } : { notes };
      }
      case 'everyX':
        return t.unit === 'hours'
          ? { cron: `0 ${every(int(t.value, 1, 1, 23), 24, 'hours', notes)} * * *`, notes }
          : { cron: `${every(int(t.value, 1, 1, 59), 60, 'minutes', notes)} * * * *`, notes };
      default:
        return { cron: `${minute} ${hour} * * *`, notes };
    }
  }
  return undefined;
}
