/**
 * `npm run --silent cost -- flow.json [--json]`: prices a flow file (see run.ts and args.ts;
 * main.ts connects it to the process).
 */
import { runCost } from './run';
import { runInProcess } from './main';

runInProcess('cost', runCost);
