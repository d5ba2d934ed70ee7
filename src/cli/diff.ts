/**
 * `npm run --silent diff -- old.json new.json [--json | --markdown] [--fail-over PCT]`: what a
 * change to a flow does to its cost (see diffRun.ts and diffArgs.ts; main.ts connects it to the
 * process).
 */
import { runDiff } from './diffRun';
import { runInProcess } from './main';

runInProcess('diff', runDiff);
