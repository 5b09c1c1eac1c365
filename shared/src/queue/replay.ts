/**
 * Replay of a day of arrivals through the queue decider: a pure discrete-event simulation.
 * Every ticket is issued with IssueTicket, and each counter, whenever it is free, calls the next
 * ticket with CallNext and finishes it `serviceSeconds` later with Finish. Waits are measured
 * from issue to call.
 *
 * Arrivals file format (shared/data/arrivals-day.json):
 *   { date: 'YYYY-MM-DD', station?: string, timeZone?: string (IANA, default Asia/Shanghai),
 *     counters: [{ id, services: string[], reserved?: 'green'|'normal' }],
 *     arrivals: [{ t: 'HH:MM:SS', service: string, group: string|null, serviceSeconds: number }] }
 * `group` not null makes the ticket a green-channel ticket of that group.
 */
import serviceCatalogue from '../../data/services.json' with { type: 'json' };
import { DomainError, ErrorCode } from '../errors.ts';
import { createStationTime, isStationDay, isValidTimeZone, parseClockTime } from '../time.ts';
import { defaultCallingPolicy } from './calling.ts';
import { decide, evolveAll, initialState } from './decider.ts';
import type {
  CallingPolicy,
  CallingPolicyKind,
  CallRule,
  CounterConfig,
  QueueCommand,
  QueueState,
  ServiceConfig,
  StationQueueConfig,
  TicketKind,
} from './types.ts';

export interface Arrival {
  /** Station-local time of arrival, 'HH:MM:SS'. */
  t: string;
  service: string;
  /** Special group id (green channel) or null. */
  group: string | null;
  /** How long the counter takes once the ticket is called. */
  serviceSeconds: number;
}

export interface ArrivalsDay {
  date: string;
  station?: string;
  timeZone?: string;
  counters: CounterConfig[];
  arrivals: Arrival[];
}

export interface WaitStats {
  n: number;
  /** Seconds, one decimal. */
  mean: number;
  /** 95th percentile (nearest rank), seconds. */
  p95: number;
  max: number;
}

export interface ReplayResult {
  policy: CallingPolicyKind;
  green: WaitStats;
  normal: WaitStats;
  /** How many calls each rule made. */
  rules: Partial<Record<CallRule, number>>;
  /** Time the last ticket was finished (station clock 'HH:MM:SS'). */
  lastFinish: string;
}

export interface ReplayOptions {
  policy: CallingPolicy;
  /** Service catalogue (default: shared/data/services.json). */
  services?: ServiceConfig[];
}

const MAX_SERVICE_SECONDS = 8 * 3600;
const MAX_ARRIVALS = 20_000;

/** The service catalogue of shared/data/services.json as queue service configs (cap 999). */
export function catalogueServices(): ServiceConfig[] {
  return serviceCatalogue.services.map((s) => ({
    id: s.id,
    prefix: s.prefix,
    name: { zh: s.zh, en: s.en },
    avgMinutes: s.avgMinutes,
    dailyCap: 999,
    warnAt: 900,
  }));
}

/** Calling policy of a kind, with the default parameters. */
export function policyOfKind(kind: CallingPolicyKind): CallingPolicy {
  return { ...defaultCallingPolicy, kind };
}

function bad(field: string, message: string): DomainError {
  return new DomainError(ErrorCode.Validation, `${field}: ${message}`, { field });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks an arrivals day (parsed JSON) against the format and a service catalogue.
 * Throws DomainError(XZ_ERR_VALIDATION) whose `details.field` names the first bad field.
 */
export function validateArrivalsDay(
  input: unknown,
  services: readonly ServiceConfig[] = catalogueServices(),
): ArrivalsDay {
  if (!isRecord(input)) throw bad('(root)', 'must be a JSON object');
  if (typeof input.date !== 'string' || !isStationDay(input.date))
    throw bad('date', "must be a day 'YYYY-MM-DD'");
  if (
    input.timeZone !== undefined &&
    (typeof input.timeZone !== 'string' || !isValidTimeZone(input.timeZone))
  )
    throw bad('timeZone', 'must be an IANA time zone such as Asia/Shanghai');
  if (input.station !== undefined && typeof input.station !== 'string')
    throw bad('station', 'must be a string');
  const known = new Set(services.map((s) => s.id));
  if (!Array.isArray(input.counters) || input.counters.length === 0)
    throw bad('counters', 'must be a non-empty list');
  const counterIds = new Set<string>();
  const served = new Set<string>();
  const counters: CounterConfig[] = input.counters.map((c: unknown, i: number) => {
    const f = `counters[${i}]`;
    if (!isRecord(c)) throw bad(f, 'must be an object');
    if (typeof c.id !== 'string' || c.id.length === 0) throw bad(`${f}.id`, 'must be a non-empty string');
    if (counterIds.has(c.id)) throw bad(`${f}.id`, `duplicate counter '${c.id}'`);
    counterIds.add(c.id);
    if (!Array.isArray(c.services) || c.services.length === 0)
      throw bad(`${f}.services`, 'must be a non-empty list');
    const list = c.services.map((s: unknown, j: number) => {
      if (typeof s !== 'string' || !known.has(s))
        throw bad(`${f}.services[${j}]`, `unknown service ${JSON.stringify(s)}`);
      served.add(s);
      return s;
    });
    if (c.reserved !== undefined && c.reserved !== 'green' && c.reserved !== 'normal')
      throw bad(`${f}.reserved`, "must be 'green' or 'normal'");
    return { id: c.id, services: list, ...(c.reserved ? { reserved: c.reserved as TicketKind } : {}) };
  });
  if (!Array.isArray(input.arrivals)) throw bad('arrivals', 'must be a list');
  if (input.arrivals.length > MAX_ARRIVALS)
    throw bad('arrivals', `must hold at most ${MAX_ARRIVALS} arrivals`);
  const arrivals: Arrival[] = input.arrivals.map((a: unknown, i: number) => {
    const f = `arrivals[${i}]`;
    if (!isRecord(a)) throw bad(f, 'must be an object');
    const seconds = typeof a.t === 'string' && a.t.length === 8 ? parseClockTime(a.t) : null;
    if (seconds === null || seconds >= 86_400)
      throw bad(`${f}.t`, "must be a time 'HH:MM:SS' (00:00:00..23:59:59)");
    if (typeof a.service !== 'string' || !known.has(a.service))
      throw bad(`${f}.service`, `unknown service ${JSON.stringify(a.service)}`);
    if (!served.has(a.service)) throw bad(`${f}.service`, `no counter serves '${a.service}'`);
    if (a.group !== null && (typeof a.group !== 'string' || a.group.length === 0))
      throw bad(`${f}.group`, 'must be null or a group id');
    if (
      typeof a.serviceSeconds !== 'number' ||
      !Number.isFinite(a.serviceSeconds) ||
      a.serviceSeconds <= 0 ||
      a.serviceSeconds > MAX_SERVICE_SECONDS
    )
      throw bad(`${f}.serviceSeconds`, `must be a number of seconds in (0, ${MAX_SERVICE_SECONDS}]`);
    return {
      t: a.t as string,
      service: a.service,
      group: a.group as string | null,
      serviceSeconds: a.serviceSeconds,
    };
  });
  const perService = new Map<string, number>();
  arrivals.forEach((a, i) => {
    const n = (perService.get(a.service) ?? 0) + 1;
    perService.set(a.service, n);
    const cap = services.find((s) => s.id === a.service)?.dailyCap ?? 999;
    if (n > cap)
      throw bad(`arrivals[${i}].service`, `more than ${cap} tickets for '${a.service}' in one day`);
  });
  return {
    date: input.date,
    ...(typeof input.station === 'string' ? { station: input.station } : {}),
    ...(typeof input.timeZone === 'string' ? { timeZone: input.timeZone } : {}),
    counters,
    arrivals,
  };
}

/** Mean, p95 (nearest rank) and max of waits in seconds; mean to one decimal. */
export function waitStats(waitsSeconds: readonly number[]): WaitStats {
  const n = waitsSeconds.length;
  if (n === 0) return { n: 0, mean: 0, p95: 0, max: 0 };
  const sorted = [...waitsSeconds].sort((a, b) => a - b);
  const mean = sorted.reduce((s, w) => s + w, 0) / n;
  const p95 = sorted[Math.max(0, Math.ceil(0.95 * n) - 1)] ?? 0;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return { n, mean: round1(mean), p95: round1(p95), max: round1(sorted[n - 1] ?? 0) };
}

/** Station configuration the replay runs with: the day's counters, open all day, cap 999. */
export function replayConfig(day: ArrivalsDay, options: ReplayOptions): StationQueueConfig {
  return {
    stationId: day.station ?? 'replay',
    timeZone: day.timeZone ?? 'Asia/Shanghai',
    services: options.services ?? catalogueServices(),
    counters: day.counters,
    hours: [{ days: 'mon-sun', from: '00:00', to: '24:00' }],
    calling: options.policy,
    recallMax: 2,
  };
}

export interface ReplayRun {
  result: ReplayResult;
  /** State at the end of the day (every ticket served). */
  state: QueueState;
}

/** Replays a validated day; returns the figures and the final state. */
export function runReplay(day: ArrivalsDay, options: ReplayOptions): ReplayRun {
  const config = replayConfig(day, options);
  const clock = createStationTime(config.timeZone);
  let state = initialState(config);
  const apply = (command: QueueCommand) => {
    const events = decide(command, state);
    state = evolveAll(state, events);
    return events;
  };

  const arrivals = day.arrivals
    .map((a, i) => ({ ...a, at: clock.toEpoch(day.date, a.t), id: `r${String(i + 1).padStart(5, '0')}` }))
    .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  /** ticket id (given by the decider) → the arrival's service time. */
  const serviceMs = new Map<string, number>();
  const counterIds = config.counters.map((c) => c.id);
  const busyUntil = new Map<string, number>();
  const rules: Partial<Record<CallRule, number>> = {};
  const waits: Record<TicketKind, number[]> = { green: [], normal: [] };
  let lastFinish = 0;
  let i = 0;

  while (i < arrivals.length || busyUntil.size > 0) {
    let now = Number.POSITIVE_INFINITY;
    if (i < arrivals.length) now = arrivals[i]!.at;
    for (const end of busyUntil.values()) now = Math.min(now, end);

    for (const counterId of counterIds) {
      if (busyUntil.get(counterId) === now) {
        apply({ type: 'Finish', data: { counterId, at: now, by: 'replay' } });
        busyUntil.delete(counterId);
        lastFinish = now;
      }
    }
    while (i < arrivals.length && arrivals[i]!.at === now) {
      const a = arrivals[i]!;
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
      serviceMs.set(issued[0]!.data.ticketId, Math.round(a.serviceSeconds * 1000));
      i++;
    }
    for (const counterId of counterIds) {
      if (busyUntil.has(counterId)) continue;
      for (const e of apply({ type: 'CallNext', data: { counterId, at: now, by: 'replay' } })) {
        if (e.type !== 'TicketCalled') continue;
        rules[e.data.rule] = (rules[e.data.rule] ?? 0) + 1;
        const t = state.tickets.get(e.data.ticketId)!;
        waits[t.kind].push((now - t.issuedAt) / 1000);
        busyUntil.set(counterId, now + (serviceMs.get(t.id) ?? 0));
      }
    }
  }

  const end = clock.clock(lastFinish);
  const hhmmss = `${end.hhmm}:${String(end.secondOfDay % 60).padStart(2, '0')}`;
  return {
    result: {
      policy: options.policy.kind,
      green: waitStats(waits.green),
      normal: waitStats(waits.normal),
      rules,
      lastFinish: hhmmss,
    },
    state,
  };
}

/** Replays a day (validated first) under a policy. */
export function replayDay(input: unknown, options: ReplayOptions): ReplayResult {
  const day = validateArrivalsDay(input, options.services ?? catalogueServices());
  return runReplay(day, options).result;
}
