/**
 * log2 in plain IEEE double arithmetic, the same function as simulation/assembly/log2.ts (its AssemblyScript
 * twin) and as V8's Math.log2 up to Node 20: fdlibm's e_log2.c + k_log.h (FreeBSD), as ported in
 * V8's src/base/ieee754.cc. Every step is one double operation in the C code's order, so it gives
 * the same bits in every engine, unlike Math.log2: Chromium 156's V8 uses LLVM libc's log2,
 * which differs from Node 20's in the last bit for about 1 argument in 1,000 of the walk's
 * 1 + t/t0. A walk that calls this instead of Math.log2 gives the same numbers in Node, in every
 * browser and in its wasm build. Little-endian hosts only (the word views below), as every
 * engine the app runs in.
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */

// The coefficients, written where they are used (as e_log2.c's constants; the minifier keeps a
// constant of its own as a name and a declaration, which the page's first download pays for):
// Lg1 = 6.666666666666735130e-1  3FE55555 55555593
// Lg2 = 3.999999999940941908e-1  3FD99999 9997FA04
// Lg3 = 2.857142874366239149e-1  3FD24924 94229359
// Lg4 = 2.222219843214978396e-1  3FCC71C5 1D8E78AF
// Lg5 = 1.818357216161805012e-1  3FC74664 96CB03DE
// Lg6 = 1.531383769920937332e-1  3FC39A09 D078C69F
// Lg7 = 1.479819860511658591e-1  3FC2F112 DF3E5244
// two54 = 1.8014398509481984e16  0x43500000, 0x00000000
// ivln2hi = 1.44269504072144627571  0x3FF71547, 0x65200000
// ivln2lo = 1.67517131648865118353e-10  0x3DE705FC, 0x2EEFA200

/** Scratch for the 32-bit words of a double (index 1: high word, on a little-endian host). */
const scratch = new Float64Array(1);
const words = new Int32Array(scratch.buffer);

/** log2(x): the same bits as Node 20's Math.log2 for every x, in every engine. */
export function log2(x: number): number {
  scratch[0] = x;
  let hx = words[1]!;

  let k = 0;
  if (hx < 0x00100000) {
    // x < 2**-1022: zero, negative or subnormal (the low word, lx in e_log2.c, matters only here)
    if (((hx & 0x7fffffff) | words[0]!) === 0) return -Infinity;
    if (hx < 0) {
      // V8's log2 of a negative number: std::numeric_limits<double>::signaling_NaN()
      words[1] = 0x7ff40000;
      words[0] = 0;
      return scratch[0]!;
    }
    k = -54;
    scratch[0] = x * 1.8014398509481984e16; // subnormal: scale up by two54
    hx = words[1]!;
  }
  if (hx >= 0x7ff00000) return x + x; // +inf or NaN
  // log(1) = +0 needs no test of its own (e_log2.c has one): every step below then gives +0.
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  words[1] = hx | (i ^ 0x3ff00000); // normalize x or x/2 (low word unchanged)
  k += i >> 20; // y in e_log2.c
  const f = scratch[0]! - 1;
  const hfsq = 0.5 * f * f;
  // k_log1p(f)
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const r =
    s *
    (hfsq +
      (z * (6.66666666666673513e-1 + w * (2.857142874366239149e-1 + w * (1.818357216161805012e-1 + w * 1.479819860511658591e-1))) +
        w * (3.999999999940941908e-1 + w * (2.222219843214978396e-1 + w * 1.531383769920937332e-1))));

  // f - hfsq in extra precision (Dekker split by clearing the low word), then y + valHi
  // normalised (spadd), exactly as e_log2.c.
  scratch[0] = f - hfsq;
  words[0] = 0;
  const hi = scratch[0]!;
  const lo = f - hi - hfsq + r;
  const valHi = hi * 1.44269504072144627571;
  const sum = k + valHi;
  return (lo + hi) * 1.67517131648865118353e-10 + lo * 1.44269504072144627571 + (k - sum + valHi) + sum;
}
