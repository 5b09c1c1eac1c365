import { describe, expect, it } from 'vitest';
import {
  addSample,
  bucketOf,
  emptyHistogram,
  type Histogram,
  LAST_BUCKET,
  maxOf,
  meanOf,
  mergeHistograms,
  percentileOf,
  upperEdge,
} from './histogram.ts';

const of = (values: number[]): Histogram => {
  const h = emptyHistogram();
  for (const v of values) addSample(h, v);
  return h;
};

describe('histograms of seconds', () => {
  it('are exact for whole multiples of the bucket width, and within it otherwise', () => {
    expect(percentileOf(of([600, 900, 1800]), 0.9)).toBe(1800);
    expect(percentileOf(of([61]), 0.5)).toBe(61); // capped at the exact maximum
    expect(percentileOf(of([61, 200]), 0.5)).toBe(70); // bucket (60, 70]
    expect(percentileOf(of([601, 5000]), 0.5)).toBe(660); // 1-minute buckets past 10 minutes
    expect(percentileOf(of([7201, 20000]), 0.5)).toBe(7800); // 10-minute buckets past 2 hours
  });

  it('keeps count, sum, mean and max exact; empty gives null', () => {
    const h = of([1, 2, 3, 100_000]);
    expect(h.n).toBe(4);
    expect(meanOf(h)).toBe(25001.5);
    expect(maxOf(h)).toBe(100_000);
    expect(percentileOf(emptyHistogram(), 0.9)).toBeNull();
    expect(bucketOf(100_000)).toBe(LAST_BUCKET);
  });

  it('merges: the merge of two histograms is the histogram of both samples', () => {
    const a = [5, 30, 600, 601, 9000];
    const b = [0, 44, 7200, 86_400];
    expect(mergeHistograms(of(a), of(b))).toEqual(of([...a, ...b]));
    expect(mergeHistograms(of(a), emptyHistogram())).toEqual(of(a));
  });

  it('buckets are ordered and upper edges hold their values', () => {
    for (const v of [0, 1, 10, 11, 599, 600, 601, 7199, 7200, 7201, 86_399, 86_400]) {
      const bucket = bucketOf(v);
      expect(upperEdge(bucket)).toBeGreaterThanOrEqual(v);
      if (bucket > 0) expect(upperEdge(bucket - 1)).toBeLessThan(v);
    }
  });
});
