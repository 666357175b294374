// Vectorised single-precision exp, logistic sigmoid and tanh for the fused cell kernels.
// WebAssembly has no transcendental instructions; these are the Cephes single-precision forms
// (range reduction by ln 2 and a degree-6 polynomial for exp; an odd polynomial for tanh near 0),
// accurate to a couple of float32 ulps, which is within the tolerance the kernels are tested to.
//
// Constants live pre-splatted in a small static table and are read with one v128.load each: V8 does
// not hoist a v128.const out of a loop, and rebuilds each one (several instructions) on every use.

// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.44269504088896341;
// @ts-ignore: decorator
@inline const ROUNDER: f32 = 12582912.0; // 1.5·2²³: adding it rounds |x| < 2²² to an integer in the low mantissa bits

const TABLE = memory.data<f32>([
  -87.3365447504, -87.3365447504, -87.3365447504, -87.3365447504, // 0 EXP_MIN
  88.3762626647949, 88.3762626647949, 88.3762626647949, 88.3762626647949, // 16 EXP_MAX
  LOG2E, LOG2E, LOG2E, LOG2E, // 32
  ROUNDER, ROUNDER, ROUNDER, ROUNDER, // 48
  0.693359375, 0.693359375, 0.693359375, 0.693359375, // 64 LN2_HI
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, // 80 LN2_LO
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, // 96 exp P0
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, // 112 P1
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, // 128 P2
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, // 144 P3
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, // 160 P4
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, // 176 P5
  1, 1, 1, 1, // 192 ONE
  2, 2, 2, 2, // 208 TWO
  -5.70498872745e-3, -5.70498872745e-3, -5.70498872745e-3, -5.70498872745e-3, // 224 tanh T0
  2.06390887954e-2, 2.06390887954e-2, 2.06390887954e-2, 2.06390887954e-2, // 240 T1
  -5.37397155531e-2, -5.37397155531e-2, -5.37397155531e-2, -5.37397155531e-2, // 256 T2
  1.33314422036e-1, 1.33314422036e-1, 1.33314422036e-1, 1.33314422036e-1, // 272 T3
  -3.33332819422e-1, -3.33332819422e-1, -3.33332819422e-1, -3.33332819422e-1, // 288 T4
  0.625, 0.625, 0.625, 0.625, // 304 TANH_SMALL
  -0.0, -0.0, -0.0, -0.0, // 320 SIGN
], 16);

/** a·b + c, fused in the relaxed-SIMD build (fewer instructions in the polynomials). */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// @ts-ignore: decorator
@inline function c(offset: usize): v128 {
  return v128.load(TABLE + offset);
}
// @ts-ignore: decorator
@inline export function vone(): v128 {
  return c(192);
}

/** e^x per lane; saturates to the largest/smallest normal powers outside [-87.3, 88.3]. */
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  // pmin/pmax compile to single minps/maxps (f32x4.min/max need NaN fix-ups); a NaN stays NaN.
  x = f32x4.pmin(f32x4.pmax(x, c(0)), c(16));
  // n = round(x·log2 e), both as a float and (from the mantissa bits) as an integer.
  const shifted = madd(x, c(32), c(48));
  const n = f32x4.sub(shifted, c(48));
  let r = f32x4.sub(x, f32x4.mul(n, c(64)));
  r = f32x4.sub(r, f32x4.mul(n, c(80)));
  const z = f32x4.mul(r, r);
  let p = c(96);
  p = madd(p, r, c(112));
  p = madd(p, r, c(128));
  p = madd(p, r, c(144));
  p = madd(p, r, c(160));
  p = madd(p, r, c(176));
  p = f32x4.add(madd(p, z, r), c(192));
  // 2^n in the exponent field: n sits in shifted's low bits, offset by ROUNDER's pattern 0x4B400000;
  // n ∈ [-126, 127] after the clamp, so the biased exponent is normal. (0x4B400000 − 127 = 0x4B3FFF81.)
  const scale = i32x4.shl(i32x4.sub(shifted, i32x4.splat(0x4b3fff81)), 23);
  return f32x4.mul(p, scale);
}

/** σ(x) = 1 / (1 + e^(−x)); relative accuracy holds on both tails (no cancellation). */
// @ts-ignore: decorator
@inline export function vsigmoid(x: v128): v128 {
  return f32x4.div(c(192), f32x4.add(c(192), vexp(f32x4.neg(x))));
}

/** tanh(x): an odd polynomial for |x| < 0.625 (where 1 − 2/(e^{2x}+1) would cancel), else the exp form. */
// @ts-ignore: decorator
@inline export function vtanh(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = c(224);
  p = madd(p, z, c(240));
  p = madd(p, z, c(256));
  p = madd(p, z, c(272));
  p = madd(p, z, c(288));
  const small = f32x4.add(x, f32x4.mul(f32x4.mul(p, z), x));
  // 1 − 2/(e^{2|x|} + 1), sign restored; e^{2|x|} saturates, giving exactly 1 for large |x|.
  const e = vexp(f32x4.add(ax, ax));
  const large = f32x4.sub(c(192), f32x4.div(c(208), f32x4.add(e, c(192))));
  const signed = v128.or(large, v128.and(x, c(320)));
  return v128.bitselect(small, signed, f32x4.lt(ax, c(304)));
}

// Scalar forms for the tails of rows whose length is not a multiple of 4 (same arithmetic, lane 0).
export function sexp(x: f32): f32 {
  return f32x4.extract_lane(vexp(f32x4.splat(x)), 0);
}
export function ssigmoid(x: f32): f32 {
  return f32x4.extract_lane(vsigmoid(f32x4.splat(x)), 0);
}
export function stanh(x: f32): f32 {
  return f32x4.extract_lane(vtanh(f32x4.splat(x)), 0);
}
