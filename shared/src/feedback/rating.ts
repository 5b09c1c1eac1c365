/**
 * A rating (好差评) given at the kiosk, decided without I/O: the ticket is found by its number
 * among the station day's tickets, must have been served, and the rating document is built.
 * One rating per ticket is the store's rule (the document id is the ticket's).
 */
import { type RatingDoc, ratingClass } from '../docs/feedback.ts';
import { DomainError, ErrorCode } from '../errors.ts';
import { ratingId } from '../ids.ts';

/** What a rating needs to know of a ticket. */
export interface RatedTicket {
  id: string;
  number: string;
  day: string;
  status: string;
  serviceId: string;
  counterId?: string;
}

export interface RateTicket {
  ticketNumber: string;
  level: number;
  indicators?: { overall: number; efficiency: number; quality: number; attitude: number };
  comment?: string;
  /** Already normalised (see validatePhone). */
  phone?: string;
}

export interface RatingContext {
  stationId: string;
  /** The station day now. */
  today: string;
  at: number;
  tickets: Iterable<RatedTicket>;
}

/** The rating document, or a DomainError: no such ticket today (404), not served yet (409). */
export function decideRating(input: RateTicket, context: RatingContext): RatingDoc {
  let ticket: RatedTicket | undefined;
  for (const t of context.tickets) {
    if (t.number === input.ticketNumber && t.day === context.today) {
      ticket = t;
      break;
    }
  }
  if (!ticket) {
    throw new DomainError(ErrorCode.NotFound, `No ticket ${input.ticketNumber} today.`, {
      field: 'ticketNumber',
      messageZh: `今天没有 ${input.ticketNumber} 号。`,
    });
  }
  if (ticket.status !== 'served') {
    throw new DomainError(ErrorCode.Conflict, 'This ticket can be rated once its service is finished.', {
      field: 'ticketNumber',
      messageZh: '业务办结后才能评价。',
    });
  }
  const comment = input.comment?.trim();
  return {
    _id: ratingId(ticket.id),
    type: 'rating',
    schemaVersion: 1,
    stationId: context.stationId,
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    serviceId: ticket.serviceId,
    ...(ticket.counterId ? { counterId: ticket.counterId } : {}),
    level: input.level,
    class: ratingClass(input.level),
    ...(input.indicators ? { indicators: input.indicators } : {}),
    ...(comment ? { comment } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    channel: 'kiosk',
    at: context.at,
  };
}

/** The answer when the store already holds a rating for the ticket. */
export function ratedAlready(): DomainError {
  return new DomainError(ErrorCode.Conflict, 'This ticket has been rated already.', {
    field: 'ticketNumber',
    messageZh: '该号已评价过。',
  });
}
