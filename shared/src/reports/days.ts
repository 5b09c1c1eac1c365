/**
 * From a station's documents to its day aggregates in one go (pure): events, ratings and requests
 * are grouped by the station day their id names (a ticket's issue day, a rating's ticket, a
 * request's filing day), folded into facts and aggregated. The hub does the same incrementally;
 * this is the reference it is tested against, and what generated history uses.
 */
import { parseRatingId, parseRequestId, parseTicketId } from '../ids.ts';
import type { QueueEvent } from '../queue/types.ts';
import { createStationTime } from '../time.ts';
import { aggregateDay, type DayAggregate } from './aggregate.ts';
import {
  foldTicketFacts,
  mergeRatingFacts,
  mergeRequestFacts,
  type RatingFacts,
  type RequestFacts,
  type TicketFacts,
} from './facts.ts';

export interface StationDocuments {
  stationId: string;
  timeZone: string;
  events: readonly QueueEvent[];
  /** Rating id → its facts (with the follow-up case, if any). */
  ratings?: ReadonlyMap<string, Partial<RatingFacts>>;
  /** Request id → its facts (with its case, if any). */
  requests?: ReadonlyMap<string, RequestFacts>;
}

interface DayParts {
  tickets: Map<string, { serviceId: string; facts: TicketFacts }>;
  ratings: Partial<RatingFacts>[];
  requests: RequestFacts[];
}

/** Day aggregates of a station, by day ('YYYY-MM-DD', ascending). */
export function aggregateStationDays(docs: StationDocuments): DayAggregate[] {
  const time = createStationTime(docs.timeZone);
  const days = new Map<string, DayParts>();
  const partsOf = (day: string) => {
    let parts = days.get(day);
    if (parts === undefined) {
      parts = { tickets: new Map(), ratings: [], requests: [] };
      days.set(day, parts);
    }
    return parts;
  };
  for (const event of docs.events) {
    const id = parseTicketId(event.data.ticketId);
    if (id === null || id.stationId !== docs.stationId) continue;
    const tickets = partsOf(id.day).tickets;
    const current = tickets.get(event.data.ticketId);
    tickets.set(event.data.ticketId, {
      serviceId: id.serviceId,
      facts: foldTicketFacts([event], current?.facts),
    });
  }
  for (const [ratingId, facts] of docs.ratings ?? []) {
    const parsed = parseRatingId(ratingId);
    if (parsed !== null) partsOf(parsed.ticket.day).ratings.push(mergeRatingFacts(facts, {}));
  }
  for (const [requestId, facts] of docs.requests ?? []) {
    const parsed = parseRequestId(requestId);
    if (parsed !== null) partsOf(parsed.day).requests.push(mergeRequestFacts(facts, {}));
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, parts]) =>
      aggregateDay({
        stationId: docs.stationId,
        day,
        hourOf: (at) => Math.floor(time.clock(at).secondOfDay / 3600),
        tickets: parts.tickets.values(),
        ratings: parts.ratings,
        requests: parts.requests,
      }),
    );
}
