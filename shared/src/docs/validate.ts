/**
 * One entry point to check any stored document: `validateDoc(doc)` picks the schema by `type`,
 * checks it (compiled TypeBox checkers), then checks what a schema cannot say (the `_id` agrees
 * with the fields, dates are in order). `docJsonSchemas()` gives the same schemas as plain JSON
 * Schema for embedding elsewhere (e.g. a CouchDB validate_doc_update function).
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import {
  caseId,
  greenListId,
  heartbeatId,
  parseTicketId,
  phoneRatingId,
  printerStatusId,
  ratingId,
  requestId,
  requestNumber,
  stationStaffId,
  ticketEventId,
  ticketId,
} from '../ids.ts';
import {
  FollowUpCaseDocSchema,
  PhoneRatingDocSchema,
  RatingDocSchema,
  RequestDocSchema,
  ratingClass,
} from './feedback.ts';
import { PolicyDocSchema, PolicyVersionDocSchema, policyProblems } from './policy.ts';
import { StationStaffDocSchema } from './staff.ts';
import { StationDocSchema, stationProblems } from './station.ts';
import { GreenListDocSchema, PrinterStatusDocSchema, StationHeartbeatDocSchema } from './station-status.ts';
import { isTicketEventType, TicketDocSchema, TicketEventDocSchema, TicketEventSchemas } from './ticket.ts';

/** Every document schema by its `type`. */
export const DocSchemas = {
  station: StationDocSchema,
  ticket: TicketDocSchema,
  'ticket-event': TicketEventDocSchema,
  rating: RatingDocSchema,
  'follow-up-case': FollowUpCaseDocSchema,
  request: RequestDocSchema,
  policy: PolicyDocSchema,
  'policy-version': PolicyVersionDocSchema,
  'printer-status': PrinterStatusDocSchema,
  heartbeat: StationHeartbeatDocSchema,
  'green-list': GreenListDocSchema,
  'station-staff': StationStaffDocSchema,
  'phone-rating': PhoneRatingDocSchema,
} as const;

export type DocType = keyof typeof DocSchemas;
export type DocOf<T extends DocType> = Static<(typeof DocSchemas)[T]>;
export type AnyDoc = { [T in DocType]: DocOf<T> }[DocType];

export const DOC_TYPES = Object.freeze(Object.keys(DocSchemas)) as readonly DocType[];

export interface DocProblem {
  /** JSON pointer of the field, '/' for the document itself. */
  path: string;
  message: string;
}

export type DocValidation<T = AnyDoc> = { ok: true; doc: T } | { ok: false; errors: DocProblem[] };

type Checkers = { readonly [T in DocType]: TypeCheck<(typeof DocSchemas)[T]> };

/** Compiled once when this module loads; read-only afterwards. */
const CHECKERS: Checkers = Object.freeze(
  Object.fromEntries(DOC_TYPES.map((t) => [t, TypeCompiler.Compile(DocSchemas[t] as TSchema)])),
) as Checkers;

export function isDocType(value: unknown): value is DocType {
  return typeof value === 'string' && Object.hasOwn(DocSchemas, value);
}

function expectId(doc: { _id: string }, expected: () => string): DocProblem[] {
  let want: string;
  try {
    want = expected();
  } catch (error) {
    return [{ path: '/', message: error instanceof Error ? error.message : String(error) }];
  }
  return doc._id === want ? [] : [{ path: '/_id', message: `must be ${want}` }];
}

/** What the schema cannot say, per document type. */
function consistency(doc: AnyDoc): DocProblem[] {
  const type = doc.type;
  switch (type) {
    case 'station':
      return stationProblems(doc as DocOf<'station'>);
    case 'ticket-event': {
      const e = doc as DocOf<'ticket-event'>;
      const problems = expectId(e, () => ticketEventId({ stationId: e.stationId, seq: e.seq }));
      const data = e.event.data as { stationId: string; ticketId: string; at: number };
      if (data.stationId !== e.stationId)
        problems.push({ path: '/event/data/stationId', message: 'must equal stationId' });
      if (!data.ticketId.startsWith(`ticket:${e.stationId}:`))
        problems.push({ path: '/event/data/ticketId', message: "must be a ticket of the event's station" });
      if (data.at !== e.at) problems.push({ path: '/at', message: 'must equal the event time' });
      return problems;
    }
    case 'ticket': {
      const d = doc as DocOf<'ticket'>;
      // The id names the service the ticket was issued for; a transfer changes `serviceId` only.
      const issuedFor = parseTicketId(d._id)?.serviceId ?? d.serviceId;
      const problems = expectId(d, () => ticketId({ ...d, serviceId: issuedFor }));
      if (d.id !== d._id) problems.push({ path: '/id', message: 'must equal _id' });
      if ((d.kind === 'green') !== (d.green !== undefined))
        problems.push({ path: '/green', message: 'a green ticket has a grant, a normal one none' });
      if (!d.number.endsWith(String(d.seq).padStart(3, '0')))
        problems.push({ path: '/number', message: 'must end in the 3-digit seq' });
      return problems;
    }
    case 'rating': {
      const d = doc as DocOf<'rating'>;
      const problems = expectId(d, () => ratingId(d.ticketId));
      if (!d.ticketId.startsWith(`ticket:${d.stationId}:`))
        problems.push({ path: '/ticketId', message: "must be a ticket of the rating's station" });
      if (d.class !== ratingClass(d.level))
        problems.push({ path: '/class', message: `must be ${ratingClass(d.level)}` });
      if (!d.ticketId.endsWith(`:${d.ticketNumber.slice(1)}`))
        problems.push({ path: '/ticketNumber', message: 'must be the number of the rated ticket' });
      return problems;
    }
    case 'follow-up-case': {
      const d = doc as DocOf<'follow-up-case'>;
      const problems = expectId(d, () => caseId(d.ratingId));
      if (d.ratingId !== `rating:${d.ticketId}`)
        problems.push({ path: '/ticketId', message: 'must be the rated ticket' });
      if ((d.status === 'closed') !== (d.closedAt !== undefined))
        problems.push({ path: '/closedAt', message: 'set exactly when the case is closed' });
      return problems;
    }
    case 'request': {
      const d = doc as DocOf<'request'>;
      const m = /^request:[^:]+:(\d{4})(\d{2})(\d{2})-(\d{4})$/.exec(d._id);
      if (m === null) return [{ path: '/_id', message: 'not a request id' }];
      const parts = { stationId: d.stationId, day: `${m[1]}-${m[2]}-${m[3]}`, seq: Number(m[4]) };
      const problems = expectId(d, () => requestId(parts));
      if (problems.length === 0 && d.number !== requestNumber(parts))
        problems.push({ path: '/number', message: `must be ${requestNumber(parts)}` });
      return problems;
    }
    case 'policy':
    case 'policy-version':
      return policyProblems(doc as DocOf<'policy'> | DocOf<'policy-version'>);
    case 'printer-status': {
      const d = doc as DocOf<'printer-status'>;
      return expectId(d, () => printerStatusId(d.stationId, d.printerId));
    }
    case 'heartbeat': {
      const d = doc as DocOf<'heartbeat'>;
      return expectId(d, () => heartbeatId(d.stationId));
    }
    case 'green-list': {
      const d = doc as DocOf<'green-list'>;
      return expectId(d, () => greenListId(d.groupId));
    }
    case 'station-staff': {
      const d = doc as DocOf<'station-staff'>;
      const problems = expectId(d, () => stationStaffId(d.stationId));
      const ids = new Set<string>();
      d.staff.forEach((m, i) => {
        if (ids.has(m.id)) problems.push({ path: `/staff/${i}/id`, message: `duplicate staff ${m.id}` });
        ids.add(m.id);
      });
      return problems;
    }
    case 'phone-rating': {
      const d = doc as DocOf<'phone-rating'>;
      const problems = expectId(d, () => phoneRatingId(d.ticketId));
      if (!d.ticketId.startsWith(`ticket:${d.stationId}:`))
        problems.push({ path: '/ticketId', message: "must be a ticket of the rating's station" });
      return problems;
    }
    default: {
      const never: never = type;
      throw new Error(`no consistency rule for ${String(never)}`);
    }
  }
}

const EVENT_CHECKERS = Object.freeze(
  Object.fromEntries(
    Object.entries(TicketEventSchemas).map(([t, schema]) => [t, TypeCompiler.Compile(schema)]),
  ),
) as Readonly<Record<string, TypeCheck<TSchema>>>;

function listErrors(checker: TypeCheck<TSchema>, value: unknown, prefix = ''): DocProblem[] {
  return [...checker.Errors(value)]
    .slice(0, 20)
    .map((e) => ({ path: `${prefix}${e.path}` || '/', message: e.message }));
}

/** Schema errors; for an event, those of its own event type rather than "no union member matched". */
function schemaErrors(type: DocType, doc: unknown, checker: TypeCheck<TSchema>): DocProblem[] {
  const errors = listErrors(checker, doc);
  if (type !== 'ticket-event') return errors;
  const event = (doc as { event?: { type?: unknown } }).event;
  const eventType = event?.type;
  if (typeof event !== 'object' || event === null) return errors;
  if (!isTicketEventType(eventType))
    return [{ path: '/event/type', message: `unknown event type ${JSON.stringify(eventType)}` }];
  const own = listErrors(EVENT_CHECKERS[eventType], event, '/event');
  const outside = errors.filter((e) => !e.path.startsWith('/event'));
  return [...outside, ...own].slice(0, 20);
}

/** Checks a document against the schema of one type, then its consistency. */
export function validateDocAs<T extends DocType>(type: T, doc: unknown): DocValidation<DocOf<T>> {
  const checker = CHECKERS[type] as TypeCheck<TSchema>;
  if (!checker.Check(doc)) return { ok: false, errors: schemaErrors(type, doc, checker) };
  const problems = consistency(doc as AnyDoc);
  return problems.length === 0 ? { ok: true, doc: doc as DocOf<T> } : { ok: false, errors: problems };
}

/** Checks any document, dispatching on its `type`. */
export function validateDoc(doc: unknown): DocValidation {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return { ok: false, errors: [{ path: '/', message: 'a document must be a JSON object' }] };
  const type = (doc as { type?: unknown }).type;
  if (!isDocType(type))
    return {
      ok: false,
      errors: [
        {
          path: '/type',
          message: `unknown document type ${JSON.stringify(type)}; one of ${DOC_TYPES.join(', ')}`,
        },
      ],
    };
  return validateDocAs(type, doc) as DocValidation;
}

/** True when the document is a valid document of the type. */
export function isValidDoc<T extends DocType>(type: T, doc: unknown): doc is DocOf<T> {
  return validateDocAs(type, doc).ok;
}

/** Each document schema as plain JSON Schema (TypeBox's symbols stripped), by type. */
export function docJsonSchemas(): Record<DocType, Record<string, unknown>> {
  return Object.fromEntries(DOC_TYPES.map((t) => [t, JSON.parse(JSON.stringify(DocSchemas[t]))])) as Record<
    DocType,
    Record<string, unknown>
  >;
}
