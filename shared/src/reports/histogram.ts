/**
 * Mergeable histograms of durations in whole seconds (pure). A month's waits are the merge of its
 * days' histograms, so percentiles over any range come from per-day aggregates without keeping
 * every sample.
 *
 * Buckets are fixed and upper-inclusive (a value v falls in the bucket (lo, hi] with lo < v ≤ hi;
 * 0 has a bucket of its own):
 *   - 10-second buckets up to 10 minutes,
 *   - 1-minute buckets up to 2 hours,
 *   - 10-minute buckets up to 24 hours (longer values count in the last bucket).
 * Precision: a percentile is the upper edge of the bucket holding its rank, never above the exact
 * maximum. So it is exact for values that are whole multiples of the bucket width, and otherwise
 * overstates by less than 10 s under 10 minutes, 1 min under 2 h, 10 min beyond. Count, sum
 * (hence the mean) and maximum are exact.
 */

export interface Histogram {
  /** Samples. */
  n: number;
  /** Sum of the samples, seconds (exact). */
  sum: number;
  /** Largest sample, seconds (exact; 0 when empty). */
  max: number;
  /** Bucket index → samples in it (only non-empty buckets). */
  b: Record<string, number>;
}

const TEN_MIN = 600;
const TWO_HOURS = 7_200;
const DAY = 86_400;
const FIRST_MINUTE_BUCKET = TEN_MIN / 10; // 60
const FIRST_TEN_MINUTE_BUCKET = FIRST_MINUTE_BUCKET + (TWO_HOURS - TEN_MIN) / 60; // 170
export const LAST_BUCKET = FIRST_TEN_MINUTE_BUCKET + (DAY - TWO_HOURS) / 600; // 302

export function emptyHistogram(): Histogram {
  return { n: 0, sum: 0, max: 0, b: {} };
}

/** Bucket of a value in seconds (≥ 0; fractions round up). */
export function bucketOf(seconds: number): number {
  const v = Math.max(0, Math.ceil(seconds));
  if (v === 0) return 0;
  if (v <= TEN_MIN) return Math.ceil(v / 10);
  if (v <= TWO_HOURS) return FIRST_MINUTE_BUCKET + Math.ceil((v - TEN_MIN) / 60);
  if (v <= DAY) return FIRST_TEN_MINUTE_BUCKET + Math.ceil((v - TWO_HOURS) / 600);
  return LAST_BUCKET;
}

/** Upper edge of a bucket, seconds. */
export function upperEdge(bucket: number): number {
  if (bucket <= 0) return 0;
  if (bucket <= FIRST_MINUTE_BUCKET) return bucket * 10;
  if (bucket <= FIRST_TEN_MINUTE_BUCKET) return TEN_MIN + (bucket - FIRST_MINUTE_BUCKET) * 60;
  return TWO_HOURS + (bucket - FIRST_TEN_MINUTE_BUCKET) * 600;
}

/** Adds one sample (in place: for building a fresh histogram). */
export function addSample(h: Histogram, seconds: number): void {
  const v = Math.max(0, Math.round(seconds));
  const key = String(bucketOf(v));
  h.n += 1;
  h.sum += v;
  if (v > h.max) h.max = v;
  h.b[key] = (h.b[key] ?? 0) + 1;
}

/** The merge of two histograms (a new one). */
export function mergeHistograms(a: Histogram, b: Histogram): Histogram {
  const out: Histogram = { n: a.n + b.n, sum: a.sum + b.sum, max: Math.max(a.max, b.max), b: { ...a.b } };
  for (const [key, count] of Object.entries(b.b)) out.b[key] = (out.b[key] ?? 0) + count;
  return out;
}

/** Mean in seconds (one decimal), or null without samples. */
export function meanOf(h: Histogram): number | null {
  return h.n === 0 ? null : Math.round((h.sum / h.n) * 10) / 10;
}

/** The p-th percentile (0 < p ≤ 1, nearest rank) in seconds, or null without samples. */
export function percentileOf(h: Histogram, p: number): number | null {
  if (h.n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * h.n));
  const buckets = Object.keys(h.b)
    .map(Number)
    .sort((x, y) => x - y);
  let seen = 0;
  for (const bucket of buckets) {
    seen += h.b[String(bucket)] ?? 0;
    if (seen >= rank) return Math.min(upperEdge(bucket), h.max);
  }
  return h.max;
}

/** The maximum in seconds, or null without samples. */
export function maxOf(h: Histogram): number | null {
  return h.n === 0 ? null : h.max;
}
