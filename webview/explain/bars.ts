// Horizontal bars for the Explain view's summaries (each feature's attribution) and the diagnostics'
// evidence (errors against baselines, how well each feature predicts the target): where each bar starts
// and how wide it is, in percent of the track. Signed values grow both ways from a zero in the middle;
// values of one sign from the track's edge. Pure.

export interface BarGeometry {
  /** Left edge and width, in percent of the track. */
  readonly left: number;
  readonly width: number;
  readonly negative: boolean;
}

export function barGeometry(values: readonly number[]): BarGeometry[] {
  const finite = values.filter(Number.isFinite);
  const signed = finite.some((v) => v < 0) && finite.some((v) => v > 0);
  const allNegative = !signed && finite.length > 0 && finite.every((v) => v <= 0) && finite.some((v) => v < 0);
  const largest = Math.max(0, ...finite.map(Math.abs));
  return values.map((value) => {
    if (!Number.isFinite(value) || largest === 0) return { left: signed ? 50 : 0, width: 0, negative: value < 0 };
    const share = Math.abs(value) / largest;
    if (signed) return value < 0 ? { left: 50 - 50 * share, width: 50 * share, negative: true } : { left: 50, width: 50 * share, negative: false };
    if (allNegative) return { left: 100 - 100 * share, width: 100 * share, negative: true };
    return { left: 0, width: 100 * share, negative: false };
  });
}
