// Placeholder while the bit-identical port lands: V8's own Math.log2, imported.
@external("env", "log2")
export declare function log2(x: f64): f64;
