/**
 * Generated station days for the demo history and the benchmarks (pure, seeded): a synthetic day
 * of arrivals (`syntheticDay`) run through the queue decider as a station would run it (each free
 * counter calls the next ticket; about one call in twenty is a no-show), a rating for about one
 * served ticket in four, and a request or two; then aggregated like the hub aggregates. Same seed,
 * same day. Never mixed with real figures: the hub stores them marked as demo data.
 */

import { defaultCallingPolicy } from '../queue/calling.ts';
import { decide, evolveAll, initialState } from '../queue/decider.ts';
import { catalogueServices, replayConfig } from '../queue/replay.ts';
import { createSeededRandom, syntheticDay } from '../queue/synthetic-day.ts';
import type { QueueCommand, QueueEvent } from '../queue/types.ts';
import { createStationTime } from '../time.ts';
import type { DayAggregate } from './aggregate.ts';
import { aggregateStationDays } from './days.ts';
import type { RatingFacts, RequestFacts } from './facts.ts';

export interface GeneratedDayOptions {
  stationId: string;
  day: string;
  seed: number;
  /** Arrivals (default: drawn from the seed, a busy day). */
  arrivals?: number;
}

export interface GeneratedDay {
  events: QueueEvent[];
  ratings: Map<string, Partial<RatingFacts>>;
  requests: Map<string, RequestFacts>;
  aggregate: DayAggregate;
}

export function generateStationDay(options: GeneratedDayOptions): GeneratedDay {
  const random = createSeededRandom(options.seed);
  const arrivals = syntheticDay({
    seed: options.seed,
    date: options.day,
    ...(options.arrivals !== undefined ? { arrivals: options.arrivals } : {}),
  });
  const config = {
    ...replayConfig(arrivals, { policy: defaultCallingPolicy }),
    stationId: options.stationId,
  };
  const time = createStationTime(config.timeZone);
  let state = initialState(config);
  const events: QueueEvent[] = [];
  const apply = (command: QueueCommand) => {
    const produced = decide(command, state);
    state = evolveAll(state, produced);
    events.push(...produced);
    return produced;
  };
  const queue = arrivals.arrivals
    .map((a) => ({ ...a, at: time.toEpoch(options.day, a.t) }))
    .sort((a, b) => a.at - b.at);
  const serviceMs = new Map<string, number>();
  const busyUntil = new Map<string, { at: number; noShow: boolean }>();
  const counters = config.counters.map((c) => c.id);
  let i = 0;
  while (i < queue.length || busyUntil.size > 0) {
    let now = Number.POSITIVE_INFINITY;
    if (i < queue.length) now = queue[i].at;
    for (const b of busyUntil.values()) now = Math.min(now, b.at);
    for (const counterId of counters) {
      const busy = busyUntil.get(counterId);
      if (busy?.at === now) {
        apply({ type: busy.noShow ? 'MarkNoShow' : 'Finish', data: { counterId, at: now, by: 'demo' } });
        busyUntil.delete(counterId);
      }
    }
    while (i < queue.length && queue[i].at === now) {
      const a = queue[i];
      const issued = apply({
        type: 'IssueTicket',
        data: {
          serviceId: a.service,
          at: now,
          ...(a.group !== null
            ? { green: { groupId: a.group, how: 'list' as const, needsConfirmation: false } }
            : {}),
        },
      });
      if (issued[0]) serviceMs.set(issued[0].data.ticketId, Math.round(a.serviceSeconds * 1000));
      i++;
    }
    for (const counterId of counters) {
      if (busyUntil.has(counterId)) continue;
      for (const e of apply({ type: 'CallNext', data: { counterId, at: now, by: 'demo' } })) {
        if (e.type !== 'TicketCalled') continue;
        const noShow = random.next() < 0.05;
        busyUntil.set(counterId, {
          at: now + (noShow ? 60_000 : (serviceMs.get(e.data.ticketId) ?? 300_000)),
          noShow,
        });
      }
    }
  }

  const ratings = new Map<string, Partial<RatingFacts>>();
  for (const e of events) {
    if (e.type !== 'TicketServed' || random.next() > 0.25) continue;
    const level = random.weighted([
      [5, 70],
      [4, 20],
      [3, 6],
      [2, 2],
      [1, 2],
    ] as const);
    const ticket = state.tickets.get(e.data.ticketId);
    ratings.set(`rating:${e.data.ticketId}`, {
      level,
      serviceId: ticket?.serviceId ?? 'general',
      counterId: e.data.counterId,
      named: random.next() < 0.5,
    });
  }
  const requests = new Map<string, RequestFacts>();
  const compact = options.day.replaceAll('-', '');
  for (let n = 1; n <= random.int(0, 2); n++) {
    requests.set(`request:${options.stationId}:${compact}-${String(n).padStart(4, '0')}`, {
      category: random.pick(['enterprise', 'policy', 'service', 'suggestion']),
      kioskAt: time.toEpoch(options.day, '10:00'),
    });
  }
  const [aggregate] = aggregateStationDays({
    stationId: options.stationId,
    timeZone: config.timeZone,
    events,
    ratings,
    requests,
  });
  return { events, ratings, requests, aggregate };
}

export { catalogueServices };
