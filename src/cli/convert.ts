/** `npm run --silent convert -- any.json` (see convertRun.ts; main.ts connects it to the process). */
import { runConvert } from './convertRun';
import { runInProcess } from './main';

runInProcess('convert', runConvert);
