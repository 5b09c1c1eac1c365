/** What a printer state means for a citizen taking a number. */
import type { PrinterState, Ticket } from '../data/types.ts';

/** The printer cannot print a slip now: the number must be shown on screen instead. */
export function printerBlocked(state: PrinterState): boolean {
  switch (state) {
    case 'paper-out':
    case 'cover-open':
    case 'offline':
    case 'cutter-error':
      return true;
    case 'ready':
    case 'paper-near-end':
      return false;
    default: {
      const never: never = state;
      throw new Error(`unknown printer state ${never}`);
    }
  }
}

/** The slip of this ticket will not come out now: show the on-screen fallback. */
export function needsScreenFallback(ticket: Ticket, printer: PrinterState): boolean {
  return (
    ticket.print?.state === 'held' ||
    ticket.print?.state === 'failed' ||
    ticket.print?.state === 'cancelled' ||
    printerBlocked(printer)
  );
}
