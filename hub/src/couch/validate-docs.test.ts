import { validateDoc } from '@xz/shared/docs/validate';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { kioskWriteCheck } from './station-writes.ts';
import { adminOnlyValidateSource, stationValidateSource } from './validate-docs.ts';

type Validate = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;

const compile = (source: string) => new Function(`return (${source});`)() as Validate;
const kiosk = { name: 'kiosk-st-a', roles: ['xz-kiosk', 'xz-station-st-a'] };
const otherKiosk = { name: 'kiosk-st-b', roles: ['xz-kiosk', 'xz-station-st-b'] };
const admin = { name: 'xz-admin', roles: ['_admin'] };

function reason(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { forbidden?: string }).forbidden ?? `not forbidden: ${String(error)}`;
  }
}

const T = Date.UTC(2026, 2, 9, 2, 0, 0);
const heartbeat = {
  _id: 'heartbeat:st-a',
  type: 'heartbeat',
  schemaVersion: 1,
  stationId: 'st-a',
  at: T,
  agentVersion: '1.0.0',
};
const printer = {
  _id: 'printer-status:st-a:main',
  type: 'printer-status',
  schemaVersion: 1,
  stationId: 'st-a',
  printerId: 'main',
  state: 'paper-out',
  at: T,
};
const rating = {
  _id: 'rating:ticket:st-a:2026-03-09:tax:001',
  type: 'rating',
  schemaVersion: 1,
  ticketId: 'ticket:st-a:2026-03-09:tax:001',
  ticketNumber: 'B001',
  stationId: 'st-a',
  serviceId: 'tax',
  level: 2,
  class: 'bad',
  indicators: { overall: 2, efficiency: 3, quality: 2, attitude: 1 },
  channel: 'kiosk',
  at: T,
};
const request = {
  _id: 'request:st-a:20260309-0001',
  type: 'request',
  schemaVersion: 1,
  number: 'ST-A-20260309-0001',
  stationId: 'st-a',
  category: 'enterprise',
  description: 'need help with a permit',
  phone: '13800138000',
  idempotencyKey: 'req-key-0001',
  kioskAt: T,
};
const event = {
  _id: 'event:st-a:000000000001',
  type: 'ticket-event',
  schemaVersion: 1,
  stationId: 'st-a',
  seq: 1,
  at: T,
  event: {
    type: 'TicketRecalled',
    data: {
      ticketId: 'ticket:st-a:2026-03-09:tax:001',
      stationId: 'st-a',
      at: T,
      counterId: 'C1',
      by: 'staff-1',
      recalls: 1,
    },
  },
};

describe('station validate_doc_update', () => {
  const validate = compile(stationValidateSource('st-a'));

  it('is ES5 (runs in CouchDB 3 SpiderMonkey and QuickJS)', () => {
    expect(() => parse(`(${stationValidateSource('st-a')})`, { ecmaVersion: 5 })).not.toThrow();
    expect(() => parse(`(${adminOnlyValidateSource()})`, { ecmaVersion: 5 })).not.toThrow();
  });

  it.each([heartbeat, printer, rating, request, event])('accepts a valid $type from its kiosk', (doc) => {
    expect(validateDoc(doc).ok).toBe(true);
    expect(reason(() => validate(doc, null, kiosk, {}))).toBeNull();
  });

  it.each([
    ['another kiosk', heartbeat, otherKiosk, 'only this station'],
    ['anonymous', heartbeat, { name: null, roles: [] }, 'only this station'],
  ])('refuses a write by %s', (_who, doc, user, text) => {
    expect(reason(() => validate(doc, null, user, {}))).toContain(text);
  });

  it.each([
    ['rating level 6', { ...rating, level: 6 }, 'level is above 5'],
    ['rating level 2.5', { ...rating, level: 2.5 }, 'level must be integer'],
    [
      'indicator out of range',
      { ...rating, indicators: { ...rating.indicators, overall: 0 } },
      'overall is below 1',
    ],
    ['incomplete indicator set', { ...rating, indicators: { overall: 2 } }, 'efficiency is required'],
    ['comment too long', { ...rating, comment: 'x'.repeat(501) }, 'comment is longer than 500'],
    ['a field the schema does not declare', { ...rating, name: 'Zhang San' }, 'name is not allowed'],
    ['unknown printer state', { ...printer, state: 'on-fire' }, 'state is not any of'],
    ['request without phone', { ...request, phone: undefined }, 'phone is required'],
    [
      'event of an unknown kind',
      { ...event, event: { type: 'TicketLost', data: {} } },
      'event is not any of',
    ],
    ['heartbeat queue negative', { ...heartbeat, queue: { waiting: -1 } }, 'waiting is below 0'],
    ['heartbeat at a time before 2000', { ...heartbeat, at: 1000 }, 'at is below'],
    ['wrong schema version', { ...heartbeat, schemaVersion: 2 }, 'schemaVersion must be 1'],
    ['heartbeat of another station id', { ...heartbeat, _id: 'heartbeat:st-b' }, 'does not fit'],
    [
      'raw ID deep inside',
      { ...request, contact: { idNumber: '110105194912310021' } },
      'idNumber must be stored',
    ],
  ])('refuses %s', (_name, doc, text) => {
    expect(reason(() => validate(doc, null, kiosk, {}))).toContain(text);
  });

  it('lets the station delete its documents, not another kiosk', () => {
    const tombstone = { _id: heartbeat._id, _deleted: true };
    expect(reason(() => validate(tombstone, heartbeat, kiosk, {}))).toBeNull();
    expect(reason(() => validate(tombstone, heartbeat, otherKiosk, {}))).toContain('only this station');
  });

  it('keeps hub documents to the hub, including their deletion', () => {
    const config = { _id: 'station:st-a', type: 'station', stationId: 'st-a' };
    expect(reason(() => validate(config, null, admin, {}))).toContain('is required');
    expect(reason(() => validate(config, null, kiosk, {}))).toContain('written by the hub');
    expect(reason(() => validate({ _id: 'station:st-a', _deleted: true }, config, kiosk, {}))).toContain(
      'written by the hub',
    );
  });

  it('keeps design documents to admins', () => {
    const ddoc = { _id: '_design/x', validate_doc_update: 'function(){}' };
    expect(reason(() => validate(ddoc, null, admin, {}))).toBeNull();
    expect(reason(() => validate(ddoc, null, kiosk, {}))).toContain('design documents');
  });

  it('pins the station id literally (a dash-free neighbour does not match)', () => {
    const v = compile(stationValidateSource('st-a'));
    const neighbour = { ...heartbeat, _id: 'heartbeat:st-ab', stationId: 'st-a' };
    expect(reason(() => v(neighbour, null, kiosk, {}))).toContain('does not fit');
  });
});

describe('admin-only validate_doc_update', () => {
  const validate = compile(adminOnlyValidateSource());

  it('lets admins write typed documents and refuses everybody else', () => {
    expect(reason(() => validate({ _id: 'policy:p', type: 'policy' }, null, admin, {}))).toBeNull();
    expect(reason(() => validate({ _id: 'policy:p', type: 'policy' }, null, kiosk, {}))).toContain(
      'only the hub',
    );
    expect(reason(() => validate({ _id: 'policy:p', _deleted: true }, null, kiosk, {}))).toContain(
      'only the hub',
    );
    expect(reason(() => validate({ _id: 'policy:p' }, null, admin, {}))).toContain('type is required');
  });
});

describe('the embedded store’s check and the CouchDB function agree', () => {
  const validate = compile(stationValidateSource('st-a'));
  const check = kioskWriteCheck('st-a');
  const config = { _id: 'station:st-a', type: 'station', stationId: 'st-a' };
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown> | null]> = [
    ['heartbeat', heartbeat, null],
    ['printer', printer, null],
    ['rating', rating, null],
    ['request', request, null],
    ['event', event, null],
    ['rating level 6', { ...rating, level: 6 }, null],
    ['rating level 2.5', { ...rating, level: 2.5 }, null],
    ['incomplete indicators', { ...rating, indicators: { overall: 2 } }, null],
    ['undeclared field', { ...rating, name: 'Zhang San' }, null],
    ['unknown printer state', { ...printer, state: 'on-fire' }, null],
    ['request without phone', { ...request, phone: undefined }, null],
    ['unknown event', { ...event, event: { type: 'TicketLost', data: {} } }, null],
    ['negative queue', { ...heartbeat, queue: { waiting: -1 } }, null],
    ['schema version 2', { ...heartbeat, schemaVersion: 2 }, null],
    ['another station id', { ...heartbeat, _id: 'heartbeat:st-b' }, null],
    ['dash-free neighbour', { ...heartbeat, _id: 'heartbeat:st-ab' }, null],
    ['stationId of another', { ...heartbeat, stationId: 'st-b' }, null],
    ['raw ID deep inside', { ...request, contact: { idNumber: '110105194912310021' } }, null],
    ['unknown type', { ...heartbeat, type: 'coupon' }, null],
    ['hub document', config, null],
    ['deleting a hub document', { _id: 'station:st-a', _deleted: true }, config],
    ['deleting its own document', { _id: heartbeat._id, _deleted: true }, heartbeat],
    ['design document', { _id: '_design/x', validate_doc_update: 'function(){}' }, null],
  ];

  it.each(cases)('%s', (_name, doc, stored) => {
    const couchAccepts = reason(() => validate(doc, stored, kiosk, {})) === null;
    const embeddedAccepts = check(doc, stored ?? undefined) === null;
    expect(embeddedAccepts).toBe(couchAccepts);
  });
});
