/**
 * The states the station agent reports, as schemas: the printer, the link to the hub and the
 * replication status, and the print state of a ticket's slip. One declaration each; the agent,
 * the hub, the documents and the browser apps use these.
 */
import { type Static, type TLiteral, type TUnion, Type } from '@sinclair/typebox';
import { HUB_STATES, PRINT_JOB_STATES, PRINTER_STATES, TICKET_PRINT_STATES } from './state-names.ts';

export * from './state-names.ts';

/** A union of the names' literals (no other keywords: the printer's is part of stored documents' schemas). */
function oneOf<const T extends readonly string[]>(names: T): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(names.map((n) => Type.Literal(n)));
}

export const PrinterStateSchema = oneOf(PRINTER_STATES);
export const HubStateSchema = oneOf(HUB_STATES);
export const PrintJobStateSchema = oneOf(PRINT_JOB_STATES);

/** Replication with the hub as staff see it and the heartbeat reports it. */
export const SyncStatusSchema = Type.Object(
  {
    state: HubStateSchema,
    /** Last time replication moved documents or caught up (epoch ms). */
    lastSyncAt: Type.Optional(Type.Integer()),
    /** The last failure, in words. */
    lastError: Type.Optional(Type.String()),
    /** Local changes not yet pushed to the hub. */
    pending: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false, title: 'SyncStatus' },
);
export type SyncStatus = Static<typeof SyncStatusSchema>;

/** Where one ticket's slip is; `reason` names the printer state that holds it or why it was cancelled. */
export const TicketPrintStateSchema = Type.Object(
  {
    state: oneOf(TICKET_PRINT_STATES),
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'TicketPrintState' },
);
export type TicketPrintState = Static<typeof TicketPrintStateSchema>;

/** One recent print job, as the printer's page lists it. */
export const PrintJobSummarySchema = Type.Object(
  {
    id: Type.String(),
    /** ticket, green-slip, policy-slip, request-receipt, test-page or raw. */
    kind: Type.String(),
    ticketId: Type.Optional(Type.String()),
    state: PrintJobStateSchema,
    reason: Type.Optional(Type.String()),
    /** Printed again (marked 补打/REPRINT). */
    reprint: Type.Boolean(),
  },
  { additionalProperties: false, title: 'PrintJobSummary' },
);
export type PrintJobSummary = Static<typeof PrintJobSummarySchema>;

/** The printer: its state, profile, jobs waiting, whether the queue is held, and the last jobs. */
export const PrinterInfoSchema = Type.Object(
  {
    state: PrinterStateSchema,
    /** The printer profile in use. */
    profile: Type.String(),
    /** Jobs waiting to print. */
    pending: Type.Integer({ minimum: 0 }),
    /** True while jobs wait because the printer cannot print. */
    held: Type.Boolean(),
    /** The last ten jobs, newest first (on the printer's own page only). */
    lastJobs: Type.Optional(Type.Array(PrintJobSummarySchema)),
  },
  { additionalProperties: false, title: 'PrinterInfo' },
);
export type PrinterInfo = Static<typeof PrinterInfoSchema>;
