/**
 * The documents a station writes into its own database, as JSON schemas, with their id schemes.
 * `validate_doc_update` of every station database is generated from this table
 * (see `validate-docs.ts`), so the hub refuses a malformed document on a direct write and during
 * replication alike. The required fields are the ones the hub reads; extra fields are allowed.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import {
  HEARTBEAT_ID_PATTERN,
  PRINTER_ID_PATTERN,
  PRINTER_STATUS_ID_PATTERN,
  RATING_ID_PATTERN,
  REQUEST_ID_PATTERN,
  SERVICE_ID_PATTERN,
  STATION_CONFIG_ID_PATTERN,
  STATION_ID_PATTERN,
  TICKET_EVENT_ID_PATTERN,
  TICKET_ID_PATTERN,
} from '@xz/shared/ids';

/** Who may write a document type into a station database. */
export type StationDocWriter = 'station' | 'hub';

export interface StationDocRule {
  /** Id pattern; its station part is pinned to the database's station. */
  idPattern: string;
  writer: StationDocWriter;
  schema: TSchema;
}

const stationId = Type.String({ pattern: STATION_ID_PATTERN });
const epochMs = Type.Number({ minimum: 0 });
const level = Type.Integer({ minimum: 1, maximum: 5 });

export const PRINTER_STATES = [
  'ready',
  'paper-near-end',
  'paper-out',
  'cover-open',
  'cutter-error',
  'offline',
] as const;
export const REQUEST_CATEGORIES = [
  'enterprise',
  'policy',
  'service',
  'complaint',
  'suggestion',
  'other',
] as const;

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));

export const STATION_DOC_RULES: Readonly<Record<string, StationDocRule>> = {
  ticket: {
    idPattern: TICKET_ID_PATTERN,
    writer: 'station',
    schema: Type.Object({
      type: Type.Literal('ticket'),
      stationId,
      serviceId: Type.String({ pattern: SERVICE_ID_PATTERN }),
      number: Type.String({ pattern: '^[A-HJ-NP-Z]\\d{3}$' }),
      issuedAt: epochMs,
      kind: literals(['green', 'normal'] as const),
    }),
  },
  'ticket-event': {
    idPattern: TICKET_EVENT_ID_PATTERN,
    writer: 'station',
    schema: Type.Object({
      type: Type.Literal('ticket-event'),
      stationId,
      event: Type.Object({
        type: Type.String({ pattern: '^[A-Z][A-Za-z]{2,63}$' }),
        data: Type.Object({}),
      }),
    }),
  },
  rating: {
    idPattern: RATING_ID_PATTERN,
    writer: 'station',
    schema: Type.Object({
      type: Type.Literal('rating'),
      stationId,
      ticketId: Type.String({ pattern: TICKET_ID_PATTERN }),
      level,
      at: epochMs,
      indicators: Type.Optional(
        Type.Object({
          overall: Type.Optional(level),
          efficiency: Type.Optional(level),
          quality: Type.Optional(level),
          attitude: Type.Optional(level),
        }),
      ),
      comment: Type.Optional(Type.String({ maxLength: 500 })),
    }),
  },
  request: {
    idPattern: REQUEST_ID_PATTERN,
    writer: 'station',
    schema: Type.Object({
      type: Type.Literal('request'),
      stationId,
      category: literals(REQUEST_CATEGORIES),
      description: Type.String({ minLength: 5, maxLength: 2000 }),
      kioskAt: epochMs,
    }),
  },
  heartbeat: {
    idPattern: HEARTBEAT_ID_PATTERN,
    writer: 'station',
    schema: Type.Object({
      type: Type.Literal('heartbeat'),
      stationId,
      at: epochMs,
      agentVersion: Type.String({ minLength: 1, maxLength: 64 }),
      policyVersion: Type.Optional(Type.String({ maxLength: 128 })),
      queue: Type.Optional(
        Type.Object({
          waiting: Type.Integer({ minimum: 0 }),
          byService: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0 }))),
        }),
      ),
    }),
  },
  'printer-status': {
    idPattern: PRINTER_STATUS_ID_PATTERN,
    writer: 'station',
    schema: Type.Object({
      type: Type.Literal('printer-status'),
      stationId,
      printerId: Type.String({ pattern: PRINTER_ID_PATTERN }),
      state: literals(PRINTER_STATES),
      at: epochMs,
      pending: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  },
  station: {
    idPattern: STATION_CONFIG_ID_PATTERN,
    writer: 'hub',
    schema: Type.Object({ type: Type.Literal('station'), stationId }),
  },
};

/** The station part of every id pattern above, replaced by the database's own station id. */
export const STATION_ID_BODY = STATION_ID_PATTERN.slice(1, -1);
