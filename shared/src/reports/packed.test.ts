/**
 * Packed day figures: given station days (generated through the queue decider, and one with
 * every rarer figure: pending deadlines, voided ratings, requests by department, odd numbers),
 * when packed, then they unpack to the same aggregate, and every report read from the packed
 * form (summary, each table, one service) shows the same numbers as from the aggregate.
 */
import { describe, expect, it } from 'vitest';
import {
  addDay,
  type DayAggregate,
  emptyActivity,
  emptySlice,
  emptyTicketFigures,
  emptyTotals,
  summaryOf,
} from './aggregate.ts';
import { generateStationDay } from './generated.ts';
import { addSample } from './histogram.ts';
import { PackedDay, packDay, unpackDay } from './packed.ts';
import { TABLE_NAMES, tableBuilder } from './tables.ts';

const DAY = '2026-11-23';
const asOf = Date.parse('2026-11-30T12:00:00+08:00');

/** A day with the figures generated days rarely have. */
function rareDay(): DayAggregate {
  const slice = emptySlice();
  slice.normal.issued = 3;
  slice.normal.open = 1;
  addSample(slice.normal.wait, 0);
  addSample(slice.normal.wait, 86_400 * 3); // past the last bucket
  addSample(slice.normal.service, 7_199);
  slice.groups.unknown = emptyTicketFigures();
  slice.groups.unknown.issued = 1;
  slice.hours['0'] = [1, 0, 0, 1, 12.5, 12.5, 0, 0]; // a fraction, kept as it is
  slice.counters['counter-10'] = emptyActivity();
  slice.ratings.count = 2;
  slice.ratings.voided = 1;
  slice.ratings.byLevel['1'] = 2;
  slice.ratings.indicators.attitude = { n: 2, sum: 3, good: 0 };
  slice.followUps.bad = 2;
  slice.followUps.pendingCallback.push(Date.parse('2026-11-24T17:00:00+08:00'));
  slice.followUps.pendingFeedback.push(Date.parse('2026-12-24T17:00:00+08:00'), 1.5);
  const requests = {
    'enterprise|dept-tax': {
      ...emptyTotals().requests,
      received: 2,
      contactedLate: 1,
      pendingContact: [Date.parse('2026-11-25T09:00:00+08:00')],
    },
    'policy|': { ...emptyTotals().requests, received: 1 },
  };
  addSample(requests['enterprise|dept-tax'].closeMinutes, 2_000);
  return {
    stationId: 'st-9',
    day: DAY,
    services: { tax: slice, 'social-insurance': emptySlice() },
    requests,
  };
}

const DAYS: readonly DayAggregate[] = [
  ...[1, 2, 3].map((seed) => generateStationDay({ stationId: `st-${seed}`, day: DAY, seed }).aggregate),
  rareDay(),
];
const days = () => structuredClone(DAYS) as DayAggregate[];

describe('packed day figures', () => {
  it('unpack to exactly the aggregate that was packed', () => {
    for (const day of days()) {
      const packed = packDay(day);
      expect(unpackDay(day.stationId, day.day, packed)).toEqual(day);
      // Through a document: the names as JSON, the bytes as base64.
      const stored = JSON.parse(
        JSON.stringify({ names: packed.names, bytes: Buffer.from(packed.bytes).toString('base64') }),
      );
      const back = { names: stored.names, bytes: new Uint8Array(Buffer.from(stored.bytes, 'base64')) };
      expect(unpackDay(day.stationId, day.day, back)).toEqual(day);
    }
  });

  it('are a fraction of the aggregate as JSON', () => {
    const day = days()[0];
    const packed = packDay(day);
    expect(packed.bytes.length * 1.34 + JSON.stringify(packed.names).length).toBeLessThan(
      JSON.stringify(day).length / 3,
    );
  });

  it('give the same summary, for every service and for each one', () => {
    const all = days();
    const packed = all.map((d) => new PackedDay(d.stationId, d.day, packDay(d)));
    for (const serviceId of [undefined, 'tax', 'social-insurance', 'no-such-service']) {
      const fromAggregates = summaryOf(
        all.reduce((t, d) => addDay(t, d, serviceId), emptyTotals()),
        asOf,
      );
      const fromPacked = summaryOf(
        packed.reduce((t, d) => addDay(t, d, serviceId), emptyTotals()),
        asOf,
      );
      expect(fromPacked).toEqual(fromAggregates);
    }
  });

  it('give every table the same rows', () => {
    const all = days();
    const packed = all.map((d) => new PackedDay(d.stationId, d.day, packDay(d)));
    for (const name of TABLE_NAMES) {
      for (const serviceId of [undefined, 'tax']) {
        const options = { asOf, ...(serviceId ? { serviceId } : {}) };
        const a = tableBuilder(name, options);
        const b = tableBuilder(name, options);
        for (const d of all) a.add(d);
        for (const d of packed) b.add(d);
        expect(b.rows(), `${name} ${serviceId ?? ''}`).toEqual(a.rows());
      }
    }
  });

  it('refuse bytes cut short or of an unknown version', () => {
    const day = days()[3];
    const packed = packDay(day);
    expect(() => {
      const cut = new PackedDay('st-9', DAY, { ...packed, bytes: packed.bytes.slice(0, 40) });
      cut.addRequestsInto(emptyTotals().requests);
    }).toThrow(/cut short/);
    const other = packed.bytes.slice();
    other[0] = 4;
    expect(() => new PackedDay('st-9', DAY, { ...packed, bytes: other })).toThrow(/version/);
  });
});
