// The heatmaps' colour scales, built from the theme's own colours. Pure (no DOM), so vitest checks them.
//
//   sequential  gates (values in [0, 1]): the editor background → a chart colour → the foreground, so
//               lightness runs one way from 0 to 1 in light, dark and high-contrast themes alike
//   diverging   signed values (tanh states, the cell state, attributions): one chart colour for
//               negative, the background at zero, another chart colour for positive; symmetric around 0
//
// Colours are mixed in OKLab (perceptually even steps; a straight sRGB mix goes muddy in the middle) and
// baked into a lookup table of RGBA bytes that the canvas code copies into ImageData.

export type Rgb = readonly [number, number, number];

/** Entries in a lookup table: enough that neighbouring entries cannot be told apart, and odd, so that the
 *  middle entry is exactly a diverging scale's zero (the background, not a hair off it). */
export const SCALE_SIZE = 257;

export interface ColourScale {
  readonly kind: 'sequential' | 'diverging';
  /** The values at the first and last entry (a diverging scale's are −m and +m). */
  readonly min: number;
  readonly max: number;
  /** SCALE_SIZE × RGBA bytes. */
  readonly table: Uint8ClampedArray;
}

/** A CSS colour as the theme gives it (#rgb, #rgba, #rrggbb, #rrggbbaa, rgb(), rgba()), as opaque RGB; null otherwise. */
export function parseColour(colour: string): Rgb | null {
  const text = colour.trim();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(text);
  if (hex) {
    const digits = hex[1].length <= 4 ? [...hex[1]].map((d) => d + d).join('') : hex[1];
    return [0, 2, 4].map((at) => Number.parseInt(digits.slice(at, at + 2), 16)) as unknown as Rgb;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+[\d.]+%?)?\s*\)$/i.exec(text);
  if (rgb) return [rgb[1], rgb[2], rgb[3]].map((part) => Math.min(255, Math.max(0, Math.round(Number(part))))) as unknown as Rgb;
  return null;
}

/** The colour `t` ∈ [0, 1] of the way along `stops` (evenly spaced), mixed in OKLab. */
export function mixStops(stops: readonly Rgb[], t: number): Rgb {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const position = clamped * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(position));
  const f = position - i;
  const a = toOklab(stops[i]);
  const b = toOklab(stops[i + 1]);
  return fromOklab([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

function table(stops: readonly Rgb[]): Uint8ClampedArray {
  const bytes = new Uint8ClampedArray(SCALE_SIZE * 4);
  for (let i = 0; i < SCALE_SIZE; i++) {
    const [r, g, b] = mixStops(stops, i / (SCALE_SIZE - 1));
    bytes.set([r, g, b, 255], i * 4);
  }
  return bytes;
}

/** background → accent → foreground over [min, max]. */
export function sequentialScale(background: Rgb, accent: Rgb, foreground: Rgb, min = 0, max = 1): ColourScale {
  return { kind: 'sequential', min, max: max > min ? max : min + 1, table: table([background, accent, foreground]) };
}

/** negative → background (at zero) → positive over [−magnitude, +magnitude]. */
export function divergingScale(negative: Rgb, background: Rgb, positive: Rgb, magnitude: number): ColourScale {
  const m = Number.isFinite(magnitude) && magnitude > 0 ? magnitude : 1;
  return { kind: 'diverging', min: -m, max: m, table: table([negative, background, positive]) };
}

/** The table entry of `value` (values beyond the ends take the end colours; NaN the middle). */
export function scaleIndex(scale: ColourScale, value: number): number {
  if (Number.isNaN(value)) return (SCALE_SIZE - 1) >> 1;
  const t = (value - scale.min) / (scale.max - scale.min);
  return Math.min(SCALE_SIZE - 1, Math.max(0, Math.round(t * (SCALE_SIZE - 1))));
}

/** The RGB a value is painted in. */
export function colourOf(scale: ColourScale, value: number): Rgb {
  const at = scaleIndex(scale, value) * 4;
  return [scale.table[at], scale.table[at + 1], scale.table[at + 2]];
}

/** WCAG relative luminance of an sRGB colour (0 black … 1 white). */
export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * toLinear(r) + 0.7152 * toLinear(g) + 0.0722 * toLinear(b);
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// sRGB ↔ OKLab (Björn Ottosson's matrices).
type Lab = [number, number, number];

function toLinear(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

function fromLinear(linear: number): number {
  const c = Math.min(1, Math.max(0, linear)); // a mix may leave the sRGB gamut by a hair
  const s = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(s * 255);
}

function toOklab([r8, g8, b8]: Rgb): Lab {
  const [r, g, b] = [toLinear(r8), toLinear(g8), toLinear(b8)];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

function fromOklab([L, a, b]: Lab): Rgb {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    fromLinear(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    fromLinear(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    fromLinear(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s),
  ];
}
