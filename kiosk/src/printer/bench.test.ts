import { describe, expect, it } from 'vitest';
import { benchPrintLatency, ticketSizeBytes } from './bench.ts';

describe('print benchmarks', () => {
  it('a ticket is under 1 KB on every shipped profile', () => {
    for (const id of ['generic-80', 'generic-58', 'epson-tm-t88'])
      expect(ticketSizeBytes(id)).toBeLessThan(1024);
  });

  it('measures every job it enqueues (figures are reported, not asserted)', async () => {
    const result = await benchPrintLatency({ jobs: 10, ratePerSec: 50 });
    expect(result.jobs).toBe(10);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  });
});
