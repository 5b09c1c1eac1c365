import { Ajv } from 'ajv';
import { describe, expect, expectTypeOf, it } from 'vitest';
import policies from '../../data/policies.sample.json' with { type: 'json' };
import services from '../../data/services.json' with { type: 'json' };
import {
  caseId,
  greenListId,
  heartbeatId,
  phoneRatingId,
  policyDocId,
  policyVersionId,
  printerStatusId,
  ratingId,
  requestId,
  requestNumber,
  stationConfigId,
  stationStaffId,
  ticketEventId,
  ticketId,
} from '../ids.ts';
import type { QueueEvent, TicketIssuedData, TicketView } from '../queue/types.ts';
import { hashIdentifier } from '../validate/hash.ts';
import { ratingClass } from './feedback.ts';
import { TICKET_EVENT_TYPES, type TicketEvent } from './ticket.ts';
import {
  type AnyDoc,
  DOC_TYPES,
  type DocOf,
  type DocType,
  docJsonSchemas,
  validateDoc,
  validateDocAs,
} from './validate.ts';

const stationId = 'xhd-lingzhu-01';
const at = Date.UTC(2026, 2, 9, 1, 30);
const key = 'deployment-key-for-tests';
const tId = ticketId({ stationId, day: '2026-03-09', serviceId: 'tax', seq: 7 });
const rId = ratingId(tId);
const policy = policies.policies[0];

const eventBase = { schemaVersion: 1 as const, stationId, at };

const data = { ticketId: tId, stationId, at };
const counter = { ...data, counterId: '2', by: 'staff-li' };
const events = {
  TicketIssued: {
    ...data,
    serviceId: 'tax',
    day: '2026-03-09',
    seq: 7,
    number: 'B007',
    kind: 'green',
    green: { groupId: 'elderly', how: 'id-age', needsConfirmation: false },
    issuedAt: at,
    idempotencyKey: 'tap-0001-abcd',
    lang: 'zh',
    by: 'kiosk',
  },
  GreenChannelGranted: { ...data, groupId: 'elderly', how: 'id-age', needsConfirmation: false },
  TicketCalled: {
    ...counter,
    rule: 'aging',
    explanation: { key: 'call.rule.aging', params: { minutes: 31, threshold: 30 } },
    kind: 'normal',
    waitedMs: 1_860_000,
  },
  TicketRecalled: { ...counter, recalls: 1 },
  TicketReturnedToQueue: { ...counter, recalls: 2 },
  TicketNoShow: { ...counter, reason: 'recall-limit' },
  TicketTransferred: { ...counter, fromServiceId: 'tax', toServiceId: 'general', position: 'front' },
  TicketServed: { ...counter, serviceSeconds: 480 },
  TicketCancelled: { ...data, by: 'staff-li', reason: 'duplicate' },
  TicketReprinted: { ...data, by: 'staff-li' },
  TicketPrinted: { ...data, jobId: 'job-17', reprint: false },
  GreenChannelConfirmed: { ...counter, groupId: 'pregnant' },
  GreenChannelDeclined: { ...counter, groupId: 'pregnant' },
  TicketRestored: { ...counter, noShowAt: 1_773_019_000_000 },
};
/** One document per queue event type. */
const eventDocs = Object.entries(events).map(([type, d], i) => ({
  _id: ticketEventId({ stationId, seq: i + 1 }),
  type: 'ticket-event',
  ...eventBase,
  seq: i + 1,
  event: { type, data: d },
}));

const examples: Record<DocType, AnyDoc> = (() => {
  const content = { ...policy, fullText: policy.summary, sourceUrl: 'https://example.gov.cn/policy/1' };
  const targets = { districts: ['west-coast'], stations: [] };
  const demo = services.demoStation;
  return {
    station: {
      _id: stationConfigId(stationId),
      type: 'station',
      schemaVersion: 1,
      stationId,
      name: { zh: demo.zh, en: demo.en },
      timeZone: 'Asia/Shanghai',
      district: 'west-coast',
      hours: demo.hours as never,
      services: services.services.map((s) => ({
        id: s.id,
        prefix: s.prefix,
        name: { zh: s.zh, en: s.en },
        avgMinutes: s.avgMinutes,
        dailyCap: 300,
        warnAt: 250,
      })),
      counters: demo.counters,
      calling: { kind: 'default', greenHeadStartMinutes: 15, greenQuota: 3, maxExtraWaitMinutes: 30 },
      recallMax: 2,
      printerProfileId: 'generic-58',
      hubUrl: 'http://hub.local:8080',
      updatedAt: at,
    },
    ticket: {
      _id: tId,
      type: 'ticket',
      schemaVersion: 1,
      id: tId,
      stationId,
      day: '2026-03-09',
      serviceId: 'tax',
      seq: 7,
      number: 'B007',
      kind: 'green',
      green: { groupId: 'elderly', how: 'id-age', needsConfirmation: false },
      status: 'served',
      issuedAt: at,
      queuedAt: at,
      front: false,
      calledAt: at + 60_000,
      counterId: '2',
      recalls: 0,
      returnedToQueue: false,
      calledRule: 'green-first',
      calls: 1,
      printed: 1,
      lang: 'zh',
      endedAt: at + 600_000,
      serviceSeconds: 540,
      idHash: hashIdentifier(key, 'id', '11010519491231002X'),
      idempotencyKey: 'tap-0001-abcd',
    },
    'ticket-event': eventDocs[0],
    rating: {
      _id: rId,
      type: 'rating',
      schemaVersion: 1,
      ticketId: tId,
      ticketNumber: 'B007',
      stationId,
      serviceId: 'tax',
      counterId: '2',
      level: 2,
      class: 'bad',
      indicators: { overall: 2, efficiency: 1, quality: 3, attitude: 2 },
      comment: '等候时间太长',
      phone: '13812345678',
      channel: 'kiosk',
      at,
      lang: 'zh',
    },
    'follow-up-case': {
      _id: caseId(rId),
      type: 'follow-up-case',
      schemaVersion: 1,
      ratingId: rId,
      ticketId: tId,
      stationId,
      status: 'open',
      callbackDue: '2026-03-10',
      reopenCount: 0,
      history: [{ at, by: 'system', action: 'opened' }],
      openedAt: at,
    },
    request: {
      _id: requestId({ stationId, day: '2026-03-09', seq: 7 }),
      type: 'request',
      schemaVersion: 1,
      number: requestNumber({ stationId, day: '2026-03-09', seq: 7 }),
      stationId,
      category: 'suggestion',
      description: '希望增加周末办理窗口。',
      contactName: '王女士',
      phone: '0532-12345678',
      creditHash: hashIdentifier(key, 'credit', '91350100M000100Y43'),
      idempotencyKey: 'req-0001-abcd',
      kioskAt: at,
    },
    policy: {
      _id: policyDocId(policy.id),
      type: 'policy',
      schemaVersion: 1,
      policyId: policy.id,
      status: 'draft',
      content,
      targets,
      version: 0,
      createdAt: at,
      createdBy: 'op-zhang',
      updatedAt: at,
      updatedBy: 'op-zhang',
    },
    'policy-version': {
      _id: policyVersionId(policy.id, 2),
      type: 'policy-version',
      schemaVersion: 1,
      policyId: policy.id,
      version: 2,
      status: 'published',
      content,
      targets,
      publishedAt: at,
      publishedBy: 'op-zhang',
      previousVersion: 1,
    },
    'printer-status': {
      _id: printerStatusId(stationId, 'main'),
      type: 'printer-status',
      schemaVersion: 1,
      stationId,
      printerId: 'main',
      profileId: 'generic-58',
      state: 'paper-out',
      at,
      pending: 2,
      since: at,
    },
    heartbeat: {
      _id: heartbeatId(stationId),
      type: 'heartbeat',
      schemaVersion: 1,
      stationId,
      at,
      agentVersion: '0.1.0',
      policyVersions: { 'gaoxin-loan': 2 },
      queue: { waiting: 4, byService: { tax: 3, legal: 1 }, maxWaitMinutes: 22 },
      printer: 'ready',
      lastSyncAt: at,
    },
    'green-list': {
      _id: greenListId('military'),
      type: 'green-list',
      schemaVersion: 1,
      groupId: 'military',
      kind: 'id',
      hashes: [hashIdentifier(key, 'id', '11010519491231002X')],
      keyId: 'k2026',
      version: 1,
      updatedAt: at,
      updatedBy: 'op-zhang',
    },
    'station-staff': {
      _id: stationStaffId(stationId),
      type: 'station-staff',
      schemaVersion: 1,
      stationId,
      staff: [
        {
          id: 'wang.fang',
          name: '王芳',
          pin: `xzs1$16384$8$1$${'a'.repeat(22)}$${'b'.repeat(43)}`,
        },
      ],
      keyId: '0123456789ab',
      updatedAt: at,
    },
    'phone-rating': {
      _id: phoneRatingId(tId),
      type: 'phone-rating',
      schemaVersion: 1,
      ticketId: tId,
      stationId,
      level: 1,
      comment: '等候时间太长',
      at,
      lang: 'zh',
    },
  } as unknown as Record<DocType, AnyDoc>;
})();

const clone = <T>(v: T): T => structuredClone(v);

describe('validateDoc', () => {
  it('has an example for every document type, and each one passes', () => {
    expect(Object.keys(examples).sort()).toEqual([...DOC_TYPES].sort());
    for (const type of DOC_TYPES)
      expect(validateDoc(examples[type]), type).toEqual({ ok: true, doc: examples[type] });
  });

  it('refuses what is not a known document, naming the field', () => {
    expect(validateDoc(null)).toMatchObject({ ok: false, errors: [{ path: '/' }] });
    expect(validateDoc({ type: 'nonsense' })).toMatchObject({ ok: false, errors: [{ path: '/type' }] });
    const noVersion = clone(examples.ticket) as Record<string, unknown>;
    delete noVersion.schemaVersion;
    const result = validateDoc(noVersion);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]).toMatchObject({
        path: '/schemaVersion',
        message: 'Expected required property',
      });
  });

  it('refuses extra fields, so a raw ID number cannot ride along', () => {
    const doc = { ...clone(examples.ticket), idNumber: '11010519491231002X' };
    expect(validateDoc(doc)).toMatchObject({ ok: false, errors: [{ path: '/idNumber' }] });
  });

  it('enforces lengths and ranges a citizen can hit', () => {
    const rating = clone(examples.rating) as Record<string, unknown>;
    rating.comment = '差'.repeat(501);
    expect(validateDoc(rating)).toMatchObject({ ok: false, errors: [{ path: '/comment' }] });
    rating.comment = '差'.repeat(500);
    expect(validateDoc(rating).ok).toBe(true);
    rating.level = 6;
    expect(validateDoc(rating)).toMatchObject({ ok: false, errors: [{ path: '/level' }] });
    const request = clone(examples.request) as unknown as { description: string; phone: string };
    request.description = 'x'.repeat(2001);
    expect(validateDoc(request)).toMatchObject({ ok: false, errors: [{ path: '/description' }] });
    request.description = 'ok';
    request.phone = '12345';
    expect(validateDoc(request)).toMatchObject({ ok: false, errors: [{ path: '/phone' }] });
  });

  it('checks that the _id agrees with the fields', () => {
    const ticket = { ...clone(examples.ticket), seq: 8 };
    expect(validateDoc(ticket)).toMatchObject({ ok: false });
    // A transferred ticket keeps the id of the service it was issued for.
    const transferred = { ...clone(examples.ticket), serviceId: 'legal-aid', front: true };
    expect(validateDoc(transferred)).toMatchObject({ ok: true });
    const otherDay = { ...clone(examples.ticket), day: '2026-03-10' };
    expect(validateDoc(otherDay)).toMatchObject({ ok: false, errors: [{ path: '/_id' }] });
    const rating = {
      ...clone(examples.rating),
      _id: ratingId(ticketId({ stationId, day: '2026-03-09', serviceId: 'tax', seq: 8 })),
    };
    expect(validateDoc(rating)).toMatchObject({ ok: false, errors: [{ path: '/_id' }] });
    const event = { ...clone(eventDocs[7]), seq: 99 };
    expect(validateDoc(event)).toMatchObject({ ok: false, errors: [{ path: '/_id' }] });
    const request = { ...clone(examples.request), number: 'XHD-LINGZHU-01-20260309-0008' };
    expect(validateDoc(request)).toMatchObject({ ok: false, errors: [{ path: '/number' }] });
    const version = { ...clone(examples['policy-version']), _id: policyVersionId(policy.id, 3) };
    expect(validateDoc(version)).toMatchObject({ ok: false, errors: [{ path: '/_id' }] });
  });

  it('checks consistency inside a document', () => {
    const station = clone(examples.station) as { counters: { services: string[] }[] };
    station.counters[0].services.push('no-such-service');
    expect(validateDoc(station)).toMatchObject({ ok: false, errors: [{ path: '/counters/0/services/3' }] });
    const normal = { ...clone(examples.ticket), kind: 'normal' };
    expect(validateDoc(normal)).toMatchObject({ ok: false, errors: [{ path: '/green' }] });
    const policyDoc = clone(examples.policy) as { content: { apply: { to: string } } };
    policyDoc.content.apply.to = '2026-01-01';
    expect(validateDoc(policyDoc)).toMatchObject({ ok: false, errors: [{ path: '/content/apply/to' }] });
    const closed = { ...clone(examples['follow-up-case']), status: 'closed' };
    expect(validateDoc(closed)).toMatchObject({ ok: false, errors: [{ path: '/closedAt' }] });
    const foreign = clone(eventDocs[2]) as { event: { data: { stationId: string } } };
    foreign.event.data.stationId = 'other-station';
    expect(validateDoc(foreign)).toMatchObject({ ok: false, errors: [{ path: '/event/data/stationId' }] });
    const rating = { ...clone(examples.rating), class: 'good' };
    expect(validateDoc(rating)).toMatchObject({ ok: false, errors: [{ path: '/class' }] });
  });

  it('accepts every queue event type in the event envelope', () => {
    expect(eventDocs.map((d) => d.event.type).sort()).toEqual([...TICKET_EVENT_TYPES].sort());
    for (const doc of eventDocs) expect(validateDoc(doc), doc.event.type).toMatchObject({ ok: true });
  });

  it('names the field of a bad event by its own event type', () => {
    const called = clone(eventDocs[2]) as { event: { data: Record<string, unknown> } };
    called.event.data.rule = 'vip-first';
    expect(validateDoc(called)).toMatchObject({ ok: false, errors: [{ path: '/event/data/rule' }] });
    const unknown = clone(eventDocs[0]) as { event: { type: string } };
    unknown.event.type = 'TicketTeleported';
    expect(validateDoc(unknown)).toEqual({
      ok: false,
      errors: [{ path: '/event/type', message: 'unknown event type "TicketTeleported"' }],
    });
  });

  it('validates as a given type', () => {
    expect(validateDocAs('rating', examples.ticket).ok).toBe(false);
    expect(validateDocAs('ticket', examples.ticket).ok).toBe(true);
  });

  it('accepts every sample policy as policy content', () => {
    for (const p of policies.policies) {
      const doc = { ...clone(examples.policy), _id: policyDocId(p.id), policyId: p.id, content: p };
      expect(validateDoc(doc), p.id).toMatchObject({ ok: true });
    }
  });
});

describe('schemas', () => {
  it('have no field for a raw ID number or credit code, only *Hash fields', () => {
    const names = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        const props = (node as { properties?: Record<string, unknown> }).properties;
        if (props) for (const name of Object.keys(props)) names.add(name);
        Object.values(node).forEach(walk);
      }
    };
    walk(docJsonSchemas());
    const personal = [...names].filter((n) => /id.?(card|number|no)|credit|identity|certificate/i.test(n));
    expect(personal.length).toBeGreaterThan(0);
    for (const name of personal) expect(name, name).toMatch(/Hash$/);
    expect(names).toContain('idHash');
    expect(names).toContain('creditHash');
  });

  it('are plain JSON Schema that a standard validator agrees with', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const schemas = docJsonSchemas();
    for (const type of DOC_TYPES) {
      const schema = schemas[type];
      expect(JSON.stringify(schema)).not.toContain('Symbol');
      const check = ajv.compile(schema);
      expect(check(examples[type]), `${type}: ${ajv.errorsText(check.errors)}`).toBe(true);
      expect(check({ ...clone(examples[type]), extra: 1 }), type).toBe(false);
      expect(check({ ...clone(examples[type]), schemaVersion: 2 }), type).toBe(false);
    }
  });

  it('give every document a type and a schemaVersion', () => {
    const schemas = docJsonSchemas();
    for (const type of DOC_TYPES) {
      const s = schemas[type] as { required: string[]; properties: Record<string, { const?: unknown }> };
      expect(s.required).toEqual(expect.arrayContaining(['_id', 'type', 'schemaVersion']));
      expect(s.properties.type.const).toBe(type);
    }
  });

  it('describe the events the queue decider emits', () => {
    type IssuedDoc = Extract<TicketEvent, { type: 'TicketIssued' }>['data'];
    expectTypeOf<IssuedDoc>().toExtend<TicketIssuedData>();
    expectTypeOf<TicketIssuedData>().toExtend<IssuedDoc>();
    type DocEventTypes = TicketEvent['type'];
    expectTypeOf<DocEventTypes>().toEqualTypeOf<QueueEvent['type']>();
    type DecidedData = { [T in QueueEvent['type']]: Extract<QueueEvent, { type: T }>['data'] };
    type StoredData = { [T in DocEventTypes]: Extract<TicketEvent, { type: T }>['data'] };
    expectTypeOf<DecidedData>().toExtend<StoredData>();
    expectTypeOf<StoredData>().toExtend<DecidedData>();
  });

  it('describe the ticket projection the station agent keeps', () => {
    type Stored = Omit<
      DocOf<'ticket'>,
      '_id' | '_rev' | 'type' | 'schemaVersion' | 'stationId' | 'idHash' | 'creditHash' | 'idempotencyKey'
    >;
    expectTypeOf<TicketView>().toExtend<Stored>();
    expectTypeOf<Stored>().toExtend<TicketView>();
  });

  it('classify ratings as 好评, 中评 and 差评', () => {
    expect([5, 4, 3, 2, 1].map(ratingClass)).toEqual(['good', 'good', 'neutral', 'bad', 'bad']);
    expect(() => ratingClass(0)).toThrow(RangeError);
  });
});
