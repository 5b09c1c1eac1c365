/**
 * Generated station days for the demo history and the benchmarks (pure, seeded): a synthetic day
 * of arrivals (`syntheticDay`) run through the queue decider as a station would run it (each free
 * counter calls the next ticket; about one call in twenty is a no-show), a rating for about one
 * served ticket in four (with its four indicators), and up to three requests, each routed to the
 * department its category goes to by default and answered, mostly within its working-day
 * deadlines; then aggregated like the hub aggregates. Same seed, same day. Never mixed with real
 * figures: the hub stores them marked as demo data.
 *
 * Everything is named from the project's dictionaries, as a real station's figures are: services
 * and prefixes from the service catalogue (`shared/data/services.json`, the demo station's
 * services), counters of the demo station, green-channel groups of `special-groups.json`, request
 * categories and departments of the default case settings.
 */
import { createBundledCalendar } from '../calendar/calendar.ts';
import { REQUEST_CATEGORIES } from '../cases/categories.ts';
import { dueOf } from '../cases/deadlines.ts';
import { DEFAULT_CASE_SETTINGS } from '../cases/settings.ts';

import { defaultCallingPolicy } from '../queue/calling.ts';
import { decide, evolveAll, initialState } from '../queue/decider.ts';
import { catalogueServices, replayConfig } from '../queue/replay.ts';
import { createSeededRandom, syntheticDay } from '../queue/synthetic-day.ts';
import type { QueueCommand, QueueEvent } from '../queue/types.ts';
import { createStationTime } from '../time.ts';
import type { DayAggregate } from './aggregate.ts';
import { aggregateStationDays } from './days.ts';
import { INDICATORS, type Indicator, type RatingFacts, type RequestFacts } from './facts.ts';

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
    if (ticket === undefined) continue;
    // Each indicator near the overall level (a citizen rates them alike, not always the same).
    const indicators = Object.fromEntries(
      INDICATORS.map((k) => [k, Math.min(5, Math.max(1, level + random.weighted(INDICATOR_SPREAD)))]),
    ) as Record<Indicator, number>;
    ratings.set(`rating:${e.data.ticketId}`, {
      level,
      serviceId: ticket.serviceId,
      counterId: e.data.counterId,
      indicators,
      named: random.next() < 0.5,
    });
  }
  const requests = new Map<string, RequestFacts>();
  const compact = options.day.replaceAll('-', '');
  const calendar = createBundledCalendar();
  const hour = 60 * 60_000;
  const count = random.int(0, 3);
  for (let n = 1; n <= count; n++) {
    const category = random.weighted(CATEGORY_MIX);
    const receivedAt = time.toEpoch(options.day, `${String(random.int(9, 16)).padStart(2, '0')}:00`);
    const rule = DEFAULT_CASE_SETTINGS.categories[category];
    const contactDue = dueOf(calendar, { from: receivedAt, workingDays: rule.contactDays }).at;
    const feedbackDue = dueOf(calendar, { from: receivedAt, workingDays: rule.feedbackDays }).at;
    // About one in eight contacted late, one in six answered late.
    const contactedAt = random.next() < 0.875 ? receivedAt + random.int(1, 6) * hour : contactDue + 4 * hour;
    const fedBackAt =
      random.next() < 0.83 ? contactedAt + random.int(4, 40) * hour : feedbackDue + random.int(2, 30) * hour;
    requests.set(`request:${options.stationId}:${compact}-${String(n).padStart(4, '0')}`, {
      category,
      kioskAt: receivedAt,
      case: {
        version: 5,
        department: rule.department,
        receivedAt,
        contactDue,
        contactedAt,
        feedbackDue,
        fedBackAt,
        closedAt: fedBackAt + random.int(1, 8) * hour,
        reopenCount: random.next() < 0.1 ? 1 : 0,
      },
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

/** How far an indicator is from the overall level. */
const INDICATOR_SPREAD = [
  [0, 70],
  [-1, 20],
  [1, 10],
] as const;

/** Requests at a station by category. */
const CATEGORY_MIX = REQUEST_CATEGORIES.map(
  (c) => [c, c === 'enterprise' || c === 'service' ? 3 : c === 'policy' ? 2 : 1] as const,
);

export { catalogueServices };
