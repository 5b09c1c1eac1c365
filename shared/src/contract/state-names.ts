/**
 * The names of the states the station reports, as plain lists (no schema library), so that the
 * browser apps can check a value at runtime without loading the schemas. The schemas built from
 * these lists are in `states.ts`.
 */

/** What the station's thermal printer answers to a status request (or its silence). */
export const PRINTER_STATES = [
  'ready',
  'paper-near-end',
  'paper-out',
  'cover-open',
  'cutter-error',
  'offline',
] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

/** The station's link to the hub: answering, not answering, or no hub configured. */
export const HUB_STATES = ['online', 'offline', 'disabled'] as const;
export type HubState = (typeof HUB_STATES)[number];

/** Where a ticket's slip is: waiting for the printer, printed, held by a printer fault, failed, cancelled. */
export const TICKET_PRINT_STATES = ['queued', 'printed', 'held', 'failed', 'cancelled'] as const;
export type TicketPrintStateName = (typeof TICKET_PRINT_STATES)[number];

/** A print job in the journal. */
export const PRINT_JOB_STATES = ['pending', 'sending', 'printed', 'cancelled'] as const;
export type PrintJobState = (typeof PRINT_JOB_STATES)[number];

/** True when `value` is one of `names`. */
export function isOneOf<T extends string>(names: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (names as readonly string[]).includes(value);
}
