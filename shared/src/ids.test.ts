import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import {
  caseId,
  greenListId,
  HubDb,
  heartbeatId,
  parseCaseId,
  parseGreenListId,
  parseHeartbeatId,
  parsePolicyDocId,
  parsePrinterStatusId,
  parseRatingId,
  parseRequestId,
  parseRequestNumber,
  parseStationConfigId,
  parseStationDbName,
  parseTicketEventId,
  parseTicketId,
  parseTicketNumber,
  policyDocId,
  policyVersionId,
  printerStatusId,
  ratingId,
  requestId,
  requestIdFromNumber,
  requestNumber,
  requestNumberFromId,
  stationConfigId,
  stationDbName,
  ticketEventId,
  ticketId,
  ticketNumber,
} from './ids.ts';

const stationId = 'xhd-lingzhu-01';
/** CouchDB's rule for database names. */
const COUCH_DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;

const stationIdArb = fc.stringMatching(/^[a-z][a-z0-9-]{1,20}$/);
const serviceIdArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const dayArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('ticket ids and numbers', () => {
  it('build and parse', () => {
    const id = ticketId({ stationId, day: '2026-03-09', serviceId: 'tax', seq: 7 });
    expect(id).toBe('ticket:xhd-lingzhu-01:2026-03-09:tax:007');
    expect(parseTicketId(id)).toEqual({ stationId, day: '2026-03-09', serviceId: 'tax', seq: 7 });
    expect(ticketNumber('B', 7)).toBe('B007');
    expect(parseTicketNumber('B007')).toEqual({ prefix: 'B', seq: 7 });
    expect(parseTicketNumber('I001')).toBeNull();
  });

  it('round-trip for any valid parts', () => {
    fc.assert(
      fc.property(
        stationIdArb,
        dayArb,
        serviceIdArb,
        fc.integer({ min: 1, max: 999 }),
        (s, day, serviceId, seq) => {
          const parts = { stationId: s, day, serviceId, seq };
          expect(parseTicketId(ticketId(parts))).toEqual(parts);
        },
      ),
    );
  });

  it('sort by day, then service, then number', () => {
    const ids = [
      ticketId({ stationId, day: '2026-03-10', serviceId: 'tax', seq: 1 }),
      ticketId({ stationId, day: '2026-03-09', serviceId: 'tax', seq: 10 }),
      ticketId({ stationId, day: '2026-03-09', serviceId: 'tax', seq: 9 }),
      ticketId({ stationId, day: '2026-03-09', serviceId: 'legal', seq: 100 }),
    ];
    expect([...ids].sort()).toEqual([ids[3], ids[2], ids[1], ids[0]]);
  });

  it('refuse malformed parts with a validation error naming the field', () => {
    const base = { stationId, day: '2026-03-09', serviceId: 'tax', seq: 1 };
    for (const [field, bad] of [
      ['stationId', { ...base, stationId: 'XHD' }],
      ['stationId', { ...base, stationId: 'a:b' }],
      ['day', { ...base, day: '2026-02-30' }],
      ['serviceId', { ...base, serviceId: 'Tax' }],
      ['seq', { ...base, seq: 0 }],
      ['seq', { ...base, seq: 1000 }],
    ] as const) {
      try {
        ticketId(bad);
        throw new Error(`accepted ${JSON.stringify(bad)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).details).toEqual({ field });
      }
    }
    expect(parseTicketId('ticket:xhd-lingzhu-01:2026-02-30:tax:001')).toBeNull();
    expect(parseTicketId('ticket:xhd-lingzhu-01:2026-03-09:tax:000')).toBeNull();
    expect(parseTicketId('rating:ticket:xhd-lingzhu-01:2026-03-09:tax:001')).toBeNull();
  });
});

describe('event ids', () => {
  it('sort in sequence order', () => {
    const a = ticketEventId({ stationId, seq: 9 });
    const b = ticketEventId({ stationId, seq: 10 });
    expect(a).toBe('event:xhd-lingzhu-01:000000000009');
    expect(a < b).toBe(true);
    expect(parseTicketEventId(b)).toEqual({ stationId, seq: 10 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_998 }), (n) => {
        return ticketEventId({ stationId, seq: n }) < ticketEventId({ stationId, seq: n + 1 });
      }),
    );
  });
});

describe('ratings and cases', () => {
  it('one rating per ticket, one case per rating', () => {
    const ticket = ticketId({ stationId, day: '2026-03-09', serviceId: 'tax', seq: 7 });
    const rating = ratingId(ticket);
    expect(rating).toBe(`rating:${ticket}`);
    expect(parseRatingId(rating)?.ticketId).toBe(ticket);
    expect(parseRatingId(rating)?.ticket.seq).toBe(7);
    const c = caseId(rating);
    expect(parseCaseId(c)).toEqual({ ratingId: rating, ticketId: ticket });
    expect(() => ratingId('ticket:nope')).toThrow(DomainError);
    expect(() => caseId(ticket)).toThrow(DomainError);
  });
});

describe('requests', () => {
  it('have a doc id and a public number that map to each other', () => {
    const parts = { stationId, day: '2026-03-09', seq: 7 };
    expect(requestId(parts)).toBe('request:xhd-lingzhu-01:20260309-0007');
    expect(requestNumber(parts)).toBe('XHD-LINGZHU-01-20260309-0007');
    expect(parseRequestId(requestId(parts))).toEqual(parts);
    expect(parseRequestNumber(' xhd-lingzhu-01-20260309-0007 ')).toEqual(parts);
    expect(requestIdFromNumber('XHD-LINGZHU-01-20260309-0007')).toBe(requestId(parts));
    expect(requestNumberFromId(requestId(parts))).toBe(requestNumber(parts));
    expect(parseRequestNumber('XHD-LINGZHU-01-20260230-0007')).toBeNull();
    expect(parseRequestNumber('XHD-LINGZHU-01-20260309-0000')).toBeNull();
  });

  it('round-trip for any valid parts', () => {
    fc.assert(
      fc.property(stationIdArb, dayArb, fc.integer({ min: 1, max: 9999 }), (s, day, seq) => {
        const parts = { stationId: s, day, seq };
        expect(parseRequestNumber(requestNumber(parts))).toEqual(parts);
        expect(parseRequestId(requestId(parts))).toEqual(parts);
      }),
    );
  });
});

describe('policies', () => {
  it('have a working document and numbered versions in order', () => {
    expect(policyDocId('gaoxin-loan')).toBe('policy:gaoxin-loan');
    expect(policyVersionId('gaoxin-loan', 3)).toBe('policy:gaoxin-loan:v000003');
    expect(policyVersionId('gaoxin-loan', 9) < policyVersionId('gaoxin-loan', 10)).toBe(true);
    expect(parsePolicyDocId('policy:gaoxin-loan')).toEqual({ kind: 'policy', policyId: 'gaoxin-loan' });
    expect(parsePolicyDocId('policy:gaoxin-loan:v000010')).toEqual({
      kind: 'version',
      policyId: 'gaoxin-loan',
      version: 10,
    });
    expect(parsePolicyDocId('policy:Gaoxin')).toBeNull();
    expect(() => policyVersionId('gaoxin-loan', 0)).toThrow(DomainError);
  });
});

describe('station documents and databases', () => {
  it('build and parse', () => {
    expect(parseStationConfigId(stationConfigId(stationId))).toEqual({ stationId });
    expect(parseHeartbeatId(heartbeatId(stationId))).toEqual({ stationId });
    expect(printerStatusId(stationId, 'main')).toBe('printer-status:xhd-lingzhu-01:main');
    expect(parsePrinterStatusId('printer-status:xhd-lingzhu-01:main')).toEqual({
      stationId,
      printerId: 'main',
    });
    expect(parseGreenListId(greenListId('military'))).toEqual({ groupId: 'military' });
    expect(stationDbName(stationId)).toBe('xz-station-xhd-lingzhu-01');
    expect(parseStationDbName('xz-station-xhd-lingzhu-01')).toEqual({ stationId });
    expect(parseStationDbName('xz-policies')).toBeNull();
  });

  it('give CouchDB-valid database names', () => {
    for (const name of Object.values(HubDb)) expect(name).toMatch(COUCH_DB_NAME);
    fc.assert(fc.property(stationIdArb, (s) => COUCH_DB_NAME.test(stationDbName(s))));
    expect(() => stationDbName('1station')).toThrow(DomainError);
  });
});
