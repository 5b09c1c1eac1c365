import { describe, expect, it } from 'vitest';
import sharedDay from '../../data/arrivals-day.json' with { type: 'json' };
import { DomainError } from '../errors.ts';
import { policyOfKind, type ReplayResult, replayDay, runReplay, validateArrivalsDay } from './replay.ts';
import { syntheticDay } from './synthetic-day.ts';

const replayAll = (day: unknown) => ({
  fifo: replayDay(day, { policy: policyOfKind('fifo') }),
  strict: replayDay(day, { policy: policyOfKind('strict') }),
  default: replayDay(day, { policy: policyOfKind('default') }),
});
const greenRatio = (r: ReplayResult) => r.green.mean / r.normal.mean;

describe('replay of the recorded day', () => {
  const r = replayAll(sharedDay);

  it('serves every arrival under every policy', () => {
    for (const result of Object.values(r)) {
      expect(result.green.n + result.normal.n).toBe(sharedDay.arrivals.length);
      expect(result.green.n).toBe(sharedDay.arrivals.filter((a) => a.group !== null).length);
    }
  });

  it('meets both targets with the default policy', () => {
    // mean green wait ≤ 0.3 × mean normal wait
    expect(r.default.green.mean).toBeLessThanOrEqual(0.3 * r.default.normal.mean);
    // max normal wait ≤ 1.1 × max normal wait under FIFO
    expect(r.default.normal.max).toBeLessThanOrEqual(1.1 * r.fifo.normal.max);
    // plain FIFO gives the green channel nothing
    expect(greenRatio(r.fifo)).toBeGreaterThan(0.3);
  });

  it('records the rule of every call', () => {
    const calls = Object.values(r.default.rules).reduce((s, n) => s + (n ?? 0), 0);
    expect(calls).toBe(sharedDay.arrivals.length);
    expect(r.fifo.rules).toEqual({ fifo: sharedDay.arrivals.length });
  });

  it('ends with every ticket served', () => {
    const day = validateArrivalsDay(sharedDay);
    const { state } = runReplay(day, { policy: policyOfKind('default') });
    expect([...state.tickets.values()].every((t) => t.status === 'served')).toBe(true);
  });
});

describe('replay of synthetic days (seeded, 10–20 % green)', () => {
  const days = Array.from({ length: 20 }, (_, i) => syntheticDay({ seed: 1000 + i }));
  const results = days.map(replayAll);

  it('generates the same day from the same seed', () => {
    expect(syntheticDay({ seed: 1000 })).toEqual(days[0]);
    expect(syntheticDay({ seed: 1001 })).not.toEqual(days[0]);
  });

  it('meets both targets on the average day with the default policy', () => {
    const meanRatio = results.reduce((s, r) => s + greenRatio(r.default), 0) / results.length;
    const meanMax =
      results.reduce((s, r) => s + r.default.normal.max / r.fifo.normal.max, 0) / results.length;
    expect(meanRatio).toBeLessThanOrEqual(0.3);
    expect(meanMax).toBeLessThanOrEqual(1.1);
  });

  it('helps the green channel on every day and holds normal waits below strict priority', () => {
    for (const r of results) {
      expect(r.default.green.mean).toBeLessThanOrEqual(r.fifo.green.mean);
      expect(r.default.normal.max).toBeLessThanOrEqual(r.strict.normal.max);
    }
  });
});

describe('arrivals file validation', () => {
  const fieldOf = (input: unknown) => {
    try {
      validateArrivalsDay(input);
    } catch (e) {
      if (e instanceof DomainError) return e.details?.field;
      throw e;
    }
    return undefined;
  };
  const good = { date: '2026-11-23', counters: [{ id: '1', services: ['tax'] }], arrivals: [] as unknown[] };
  const arrival = { t: '09:00:00', service: 'tax', group: null, serviceSeconds: 300 };

  it('names the bad field', () => {
    expect(fieldOf(good)).toBeUndefined();
    expect(fieldOf([])).toBe('(root)');
    expect(fieldOf({ ...good, date: '2026-02-30' })).toBe('date');
    expect(fieldOf({ ...good, counters: [] })).toBe('counters');
    expect(fieldOf({ ...good, counters: [{ id: '1', services: ['tea'] }] })).toBe('counters[0].services[0]');
    expect(fieldOf({ ...good, arrivals: [{ ...arrival, t: '9:00' }] })).toBe('arrivals[0].t');
    expect(fieldOf({ ...good, arrivals: [arrival, { ...arrival, service: 'legal' }] })).toBe(
      'arrivals[1].service',
    );
    expect(fieldOf({ ...good, arrivals: [{ ...arrival, group: 3 }] })).toBe('arrivals[0].group');
    expect(fieldOf({ ...good, arrivals: [{ ...arrival, serviceSeconds: -1 }] })).toBe(
      'arrivals[0].serviceSeconds',
    );
    expect(fieldOf({ ...good, timeZone: 'Mars/Base' })).toBe('timeZone');
  });
});
