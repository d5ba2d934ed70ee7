// AssemblyScript source (compiled to WebAssembly, not by tsc): the base-2
// logarithm that V8 10.x–11.x (Node 20) uses for Math.log2, so a wasm build of
// the simulation walk (walk.ts: Math.log2(1 + t / t0)) gives the same bits as
// the JS walk under Node 20, without calling back into JS for each log2.
//
// Which engines this matches (see log2.test.ts and docs/performance.md):
//   - Node 20 (V8 11.3): V8's src/base/ieee754.cc `log2` is the fdlibm /
//     FreeBSD e_log2.c + k_log.h algorithm below; every input gives the same bits.
//   - Newer V8 (Chromium 156 here) forwards ieee754::log2 to LLVM libc's
//     correctly rounded log2 (third_party/llvm-libc, `LIBC_NAMESPACE::shared::log2`).
//     That differs from this function in the last bit for about 1 input in 1000,
//     so Chromium and Node already disagree with each other; this function
//     reproduces Node 20, not Chromium 156.
//
// Ported from V8's src/base/ieee754.cc (nodejs/node v20 deps/v8), itself
// adapted from fdlibm (http://www.netlib.org/fdlibm) via FreeBSD's
// e_log2.c and k_log.h:
//
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunSoft, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================
//
// The V8 version was modified by Google Inc. (Copyright 2016 the V8 project
// authors). Every operation below is one IEEE double operation in the same order
// as the C code (wasm has no fused multiply-add and no extra precision, like
// V8's x86-64 build), and the 32-bit word arithmetic is i32 with wrap-around as
// in C. Do not "simplify" the arithmetic: any reassociation changes the last bit.

// Polynomial of k_log1p (log(1+f) - f for 1+f in ~[sqrt(2)/2, sqrt(2)]).
const Lg1: f64 = 6.666666666666735130e-01; // 3FE55555 55555593
const Lg2: f64 = 3.999999999940941908e-01; // 3FD99999 9997FA04
const Lg3: f64 = 2.857142874366239149e-01; // 3FD24924 94229359
const Lg4: f64 = 2.222219843214978396e-01; // 3FCC71C5 1D8E78AF
const Lg5: f64 = 1.818357216161805012e-01; // 3FC74664 96CB03DE
const Lg6: f64 = 1.531383769920937332e-01; // 3FC39A09 D078C69F
const Lg7: f64 = 1.479819860511658591e-01; // 3FC2F112 DF3E5244

const two54: f64 = 1.80143985094819840000e16; // 0x43500000, 0x00000000
const ivln2hi: f64 = 1.44269504072144627571e00; // 0x3FF71547, 0x65200000
const ivln2lo: f64 = 1.67517131648865118353e-10; // 0x3DE705FC, 0x2EEFA200
// V8 returns std::numeric_limits<double>::signaling_NaN() for x < 0; JS can see
// those bits (Float64Array), so return the same NaN.
const signalingNaN: f64 = reinterpret<f64>(0x7ff4000000000000);

@inline
function setHighWord(d: f64, hi: i32): f64 {
  return reinterpret<f64>((reinterpret<u64>(d) & 0x00000000ffffffff) | (<u64>(<u32>hi) << 32));
}

@inline
function kLog1p(f: f64): f64 {
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return s * (hfsq + R);
}

/** log2(x), bit-identical to Node 20's Math.log2 for every x. */
export function log2(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  const lx = <u32>bits;

  let k: i32 = 0;
  if (hx < 0x00100000) {
    // x < 2**-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | <i32>lx) == 0) return -Infinity; // log(+-0) = -inf
    if (hx < 0) return signalingNaN; // log(-#) = NaN
    k -= 54;
    x *= two54; // subnormal: scale up
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x; // +inf or NaN
  if (hx == 0x3ff00000 && lx == 0) return 0.0; // log(1) = +0
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = setHighWord(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
  k += i >> 20;
  const y = <f64>k;
  const f = x - 1.0;
  const hfsq = 0.5 * f * f;
  const r = kLog1p(f);

  // f - hfsq in extra precision (Dekker split by clearing the low word), then
  // y + val_hi normalised (spadd), exactly as e_log2.c.
  let hi = f - hfsq;
  hi = reinterpret<f64>(reinterpret<u64>(hi) & 0xffffffff00000000);
  const lo = f - hi - hfsq + r;
  let valHi = hi * ivln2hi;
  let valLo = (lo + hi) * ivln2lo + lo * ivln2hi;

  const w = y + valHi;
  valLo += y - w + valHi;
  valHi = w;

  return valLo + valHi;
}
