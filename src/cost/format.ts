/**
 * The display helpers of the engine's figures, kept in model/format.ts so that the model's own
 * messages (model/validate.ts: "routes share 1,200 %") write numbers with the same one
 * implementation; model cannot import cost (src/layers.test.ts: no folder cycle).
 */
export * from '../model/format';
