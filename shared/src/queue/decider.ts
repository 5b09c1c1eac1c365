/**
 * The queue decider: `decide(command, state) → events` checks the rules and throws DomainError;
 * `evolve(state, event) → state` applies one event without touching the input state.
 * Time and ids come in with the commands; nothing here reads a clock or draws random numbers.
 *
 * Costs: evolve is O(log n) in the number of tickets (persistent maps) plus O(services + counters)
 * for the small per-station records; decide is O(log n) except CallNext, which is
 * O(tickets waiting for that counter).
 */
import { DomainError, ErrorCode } from '../errors.ts';
import { ticketId as buildTicketId, MAX_TICKET_SEQ, SERVICE_PREFIX_PATTERN, ticketNumber } from '../ids.ts';
import { createStationTime, isValidTimeZone, parseClockTime, weekdayOfDay } from '../time.ts';
import { chooseNext } from './calling.ts';
import { emptyPersistentMap } from './persistent-map.ts';
import type {
  CounterState,
  OpeningHours,
  PersistentMap,
  QueueCommand,
  QueueEvent,
  QueueState,
  ServiceConfig,
  ServiceStatus,
  StationQueueConfig,
  TicketView,
} from './types.ts';

const DEFAULT_SERVICE_WINDOW = 20;
/** Minutes within which a no-show can be undone when the configuration does not say. */
export const DEFAULT_NO_SHOW_UNDO_MINUTES = 10;
/**
 * After a station lost its history and the hub could not give it back, that day's numbers resume
 * above this (A501…): a station does not issue 500 tickets of one service a day.
 */
export const RESTORE_NUMBER_FLOOR = 500;
const MAX_ID_LENGTH = 128;

function invalid(field: string, message: string): DomainError {
  return new DomainError(ErrorCode.Validation, `${field}: ${message}`, { field });
}

function checkHours(hours: unknown, field: string): void {
  if (!Array.isArray(hours)) throw invalid(field, 'must be a list of opening hours');
  hours.forEach((h: Partial<OpeningHours>, i) => {
    const f = `${field}[${i}]`;
    if (!h || typeof h !== 'object') throw invalid(f, 'must be an object');
    if (!['mon-sun', 'mon-fri', 'sat-sun', 'working-days'].includes(h.days as string))
      throw invalid(`${f}.days`, "must be 'mon-sun', 'mon-fri', 'sat-sun' or 'working-days'");
    const from = typeof h.from === 'string' ? parseClockTime(h.from) : null;
    const to = typeof h.to === 'string' ? parseClockTime(h.to) : null;
    if (from === null || from >= 86_400 || h.from?.length !== 5)
      throw invalid(`${f}.from`, "must be 'HH:MM' (00:00..23:59)");
    if (to === null || h.to?.length !== 5) throw invalid(`${f}.to`, "must be 'HH:MM' (00:00..24:00)");
    if (from === to) throw invalid(`${f}.to`, 'must differ from `from`');
  });
}

/** Checks a station queue configuration; throws DomainError(XZ_ERR_VALIDATION) naming the field. */
export function validateStationQueueConfig(config: StationQueueConfig): void {
  if (!config || typeof config !== 'object') throw invalid('config', 'must be an object');
  if (typeof config.stationId !== 'string' || config.stationId.length === 0)
    throw invalid('stationId', 'must be a non-empty string');
  if (typeof config.timeZone !== 'string' || !isValidTimeZone(config.timeZone))
    throw invalid('timeZone', `unknown time zone '${String(config.timeZone)}'`);
  if (!Array.isArray(config.services) || config.services.length === 0)
    throw invalid('services', 'must be a non-empty list');
  const ids = new Set<string>();
  const prefixes = new Set<string>();
  config.services.forEach((s, i) => {
    const f = `services[${i}]`;
    if (typeof s?.id !== 'string' || s.id.length === 0)
      throw invalid(`${f}.id`, 'must be a non-empty string');
    if (ids.has(s.id)) throw invalid(`${f}.id`, `duplicate service '${s.id}'`);
    ids.add(s.id);
    if (typeof s.prefix !== 'string' || !new RegExp(SERVICE_PREFIX_PATTERN).test(s.prefix))
      throw invalid(`${f}.prefix`, 'must be one capital letter A–Z except I and O');
    if (prefixes.has(s.prefix)) throw invalid(`${f}.prefix`, `duplicate prefix '${s.prefix}'`);
    prefixes.add(s.prefix);
    if (typeof s.name?.zh !== 'string' || typeof s.name?.en !== 'string')
      throw invalid(`${f}.name`, 'must have zh and en');
    if (!(typeof s.avgMinutes === 'number' && s.avgMinutes > 0 && s.avgMinutes <= 480))
      throw invalid(`${f}.avgMinutes`, 'must be a number in (0, 480]');
    if (!Number.isInteger(s.dailyCap) || s.dailyCap < 1 || s.dailyCap > 999)
      throw invalid(`${f}.dailyCap`, 'must be an integer 1..999');
    if (!Number.isInteger(s.warnAt) || s.warnAt < 0 || s.warnAt > s.dailyCap)
      throw invalid(`${f}.warnAt`, 'must be an integer 0..dailyCap');
    if (s.hours !== undefined) checkHours(s.hours, `${f}.hours`);
  });
  if (!Array.isArray(config.counters)) throw invalid('counters', 'must be a list');
  const counterIds = new Set<string>();
  config.counters.forEach((c, i) => {
    const f = `counters[${i}]`;
    if (typeof c?.id !== 'string' || c.id.length === 0)
      throw invalid(`${f}.id`, 'must be a non-empty string');
    if (counterIds.has(c.id)) throw invalid(`${f}.id`, `duplicate counter '${c.id}'`);
    counterIds.add(c.id);
    if (!Array.isArray(c.services) || c.services.length === 0)
      throw invalid(`${f}.services`, 'must be a non-empty list');
    c.services.forEach((sid, j) => {
      if (!ids.has(sid)) throw invalid(`${f}.services[${j}]`, `unknown service '${String(sid)}'`);
    });
    if (c.reserved !== undefined && c.reserved !== 'green' && c.reserved !== 'normal')
      throw invalid(`${f}.reserved`, "must be 'green' or 'normal'");
  });
  checkHours(config.hours, 'hours');
  const p = config.calling;
  if (!p || !['default', 'fifo', 'strict'].includes(p.kind))
    throw invalid('calling.kind', "must be 'default', 'fifo' or 'strict'");
  if (!(Number.isFinite(p.greenHeadStartMinutes) && p.greenHeadStartMinutes >= 0))
    throw invalid('calling.greenHeadStartMinutes', 'must be a number ≥ 0');
  if (!(Number.isInteger(p.greenQuota) && p.greenQuota >= 1))
    throw invalid('calling.greenQuota', 'must be an integer ≥ 1');
  if (!(Number.isFinite(p.maxExtraWaitMinutes) && p.maxExtraWaitMinutes > 0))
    throw invalid('calling.maxExtraWaitMinutes', 'must be a number > 0');
  if (!Number.isInteger(config.recallMax) || config.recallMax < 0 || config.recallMax > 10)
    throw invalid('recallMax', 'must be an integer 0..10');
  if (
    config.serviceWindow !== undefined &&
    !(Number.isInteger(config.serviceWindow) && config.serviceWindow >= 1)
  )
    throw invalid('serviceWindow', 'must be an integer ≥ 1');
  if (
    config.noShowUndoMinutes !== undefined &&
    !(
      Number.isFinite(config.noShowUndoMinutes) &&
      config.noShowUndoMinutes >= 0 &&
      config.noShowUndoMinutes <= 240
    )
  )
    throw invalid('noShowUndoMinutes', 'must be a number of minutes 0..240');
  if (
    config.restoredWithoutHistory !== undefined &&
    !/^\d{4}-\d{2}-\d{2}$/.test(config.restoredWithoutHistory)
  )
    throw invalid('restoredWithoutHistory', 'must be a day YYYY-MM-DD');
  if (config.calendar !== undefined) {
    const cal = config.calendar;
    if (!Array.isArray(cal.years) || !cal.years.every((y) => Number.isInteger(y)))
      throw invalid('calendar.years', 'must be a list of years');
    if (!Array.isArray(cal.restDays)) throw invalid('calendar.restDays', 'must be a list of days');
    if (!Array.isArray(cal.workDays)) throw invalid('calendar.workDays', 'must be a list of days');
  }
}

/** Empty state for a configuration (validated; throws DomainError on a bad configuration). */
export function initialState(config: StationQueueConfig): QueueState {
  validateStationQueueConfig(config);
  const counters: Record<string, CounterState> = {};
  for (const c of config.counters) counters[c.id] = { id: c.id, calls: 0 };
  const waiting: Record<string, PersistentMap<true>> = {};
  const recent: Record<string, readonly number[]> = {};
  for (const s of config.services) {
    waiting[s.id] = emptyPersistentMap<true>();
    recent[s.id] = [];
  }
  return {
    config,
    dayCounters: emptyPersistentMap<number>(),
    dayIssued: emptyPersistentMap<number>(),
    tickets: emptyPersistentMap<TicketView>(),
    waiting,
    counters,
    greenStreak: 0,
    idempotency: emptyPersistentMap<string>(),
    recentServiceSeconds: recent,
    lastEventAt: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Queries

function serviceOf(state: QueueState, serviceId: string): ServiceConfig {
  const service = state.config.services.find((s) => s.id === serviceId);
  if (!service)
    throw new DomainError(ErrorCode.UnknownService, `Unknown service '${serviceId}'`, { serviceId });
  return service;
}

/**
 * Whether a day is a working day. A year the calendar has no data for falls back to Monday–Friday:
 * a station keeps serving on 2 January whether or not that year's holidays have been loaded (the
 * hub warns its operators; the data, once loaded, reaches the station and is used from then on).
 */
export function isWorkingDay(state: QueueState, day: string): boolean {
  const cal = state.config.calendar;
  const year = Number(day.slice(0, 4));
  if (!cal?.years.includes(year)) return weekdayOfDay(day) <= 5;
  if (cal.restDays.includes(day)) return false;
  if (cal.workDays.includes(day)) return true;
  return weekdayOfDay(day) <= 5;
}

function dayMatches(state: QueueState, rule: OpeningHours['days'], day: string, weekday: number): boolean {
  switch (rule) {
    case 'mon-sun':
      return true;
    case 'mon-fri':
      return weekday <= 5;
    case 'sat-sun':
      return weekday >= 6;
    case 'working-days':
      return isWorkingDay(state, day);
    default: {
      const never: never = rule;
      throw new Error(`Unknown days rule: ${String(never)}`);
    }
  }
}

function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Whether a service is within its opening hours at an instant, in station time.
 * A 'working-days' rule in a year the calendar lacks counts Monday–Friday (never refuses).
 */
export function isOpenAt(state: QueueState, serviceId: string, at: number): boolean {
  const service = serviceOf(state, serviceId);
  const hours = service.hours ?? state.config.hours;
  const clock = createStationTime(state.config.timeZone).clock(at);
  const now = clock.secondOfDay;
  for (const h of hours) {
    const from = parseClockTime(h.from) ?? 0;
    const to = parseClockTime(h.to) ?? 0;
    if (from < to) {
      if (now >= from && now < to && dayMatches(state, h.days, clock.day, clock.weekday)) return true;
    } else {
      // Runs past midnight: the evening part belongs to today, the morning part to yesterday.
      if (now >= from && dayMatches(state, h.days, clock.day, clock.weekday)) return true;
      if (now < to) {
        const yesterday = previousDay(clock.day);
        if (dayMatches(state, h.days, yesterday, weekdayOfDay(yesterday))) return true;
      }
    }
  }
  return false;
}

/** Tickets issued for a service on a station day. */
export function issuedOn(state: QueueState, day: string, serviceId: string): number {
  return state.dayIssued.get(`${day}|${serviceId}`) ?? 0;
}

/**
 * The sequence the next ticket of a service gets on a day: one past the highest issued, and above
 * `RESTORE_NUMBER_FLOOR` on the day the station started again without its history.
 */
export function nextSeqOn(state: QueueState, day: string, serviceId: string): number {
  const last = state.dayCounters.get(`${day}|${serviceId}`) ?? 0;
  const floor = state.config.restoredWithoutHistory === day ? RESTORE_NUMBER_FLOOR : 0;
  return Math.max(last, floor) + 1;
}

/** Counters configured to serve a service. */
export function countersServing(state: QueueState, serviceId: string): string[] {
  return state.config.counters.filter((c) => c.services.includes(serviceId)).map((c) => c.id);
}

/** Open, why not, how many wait, how many issued today, near the daily cap. */
export function serviceStatus(state: QueueState, serviceId: string, at: number): ServiceStatus {
  const service = serviceOf(state, serviceId);
  const day = createStationTime(state.config.timeZone).day(at);
  const issuedToday = issuedOn(state, day, serviceId);
  const waiting = state.waiting[serviceId]?.size ?? 0;
  const nearCap = issuedToday >= service.warnAt;
  const base = { waiting, issuedToday, nearCap };
  if (countersServing(state, serviceId).length === 0)
    return { open: false, closedReason: 'no-counter', ...base };
  if (!isOpenAt(state, serviceId, at)) return { open: false, closedReason: 'hours', ...base };
  if (issuedToday >= service.dailyCap) return { open: false, closedReason: 'cap', ...base };
  return { open: true, ...base };
}

// ---------------------------------------------------------------------------------------------
// decide

function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH)
    throw invalid(field, `must be a string of 1..${MAX_ID_LENGTH} characters`);
  return value;
}

function requireTime(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw invalid('at', 'must be epoch milliseconds');
  return value;
}

function ticketOf(state: QueueState, ticketId: string): TicketView {
  const t = state.tickets.get(ticketId);
  if (!t) throw new DomainError(ErrorCode.NotFound, `Unknown ticket '${ticketId}'`, { ticketId });
  return t;
}

function counterOf(state: QueueState, counterId: string) {
  const config = state.config.counters.find((c) => c.id === counterId);
  const live = state.counters[counterId];
  if (!config || !live)
    throw new DomainError(ErrorCode.NotFound, `Unknown counter '${counterId}'`, { counterId });
  return { config, live };
}

function currentTicket(state: QueueState, counterId: string): TicketView {
  const { live } = counterOf(state, counterId);
  const t = live.currentTicketId ? state.tickets.get(live.currentTicketId) : undefined;
  if (t?.status !== 'called')
    throw new DomainError(ErrorCode.CounterIdle, `Counter '${counterId}' has no current ticket`, {
      counterId,
    });
  return t;
}

function requireFree(state: QueueState, counterId: string): void {
  const { live } = counterOf(state, counterId);
  const t = live.currentTicketId ? state.tickets.get(live.currentTicketId) : undefined;
  if (t && t.status === 'called')
    throw new DomainError(ErrorCode.CounterBusy, `Counter '${counterId}' is still serving ${t.number}`, {
      counterId,
      ticketId: t.id,
    });
}

/** Decides the events a command causes; throws DomainError when a rule refuses it. */
export function decide(command: QueueCommand, state: QueueState): QueueEvent[] {
  const stationId = state.config.stationId;
  switch (command.type) {
    case 'IssueTicket': {
      const d = command.data;
      const at = requireTime(d.at);
      if (d.idempotencyKey !== undefined) {
        requireId(d.idempotencyKey, 'idempotencyKey');
        if (state.idempotency.has(d.idempotencyKey)) return [];
      }
      if (d.lang !== undefined && d.lang !== 'zh' && d.lang !== 'en')
        throw invalid('lang', "must be 'zh' or 'en'");
      if (d.green !== undefined) {
        requireId(d.green.groupId, 'green.groupId');
        if (!['id-age', 'list', 'declared'].includes(d.green.how))
          throw invalid('green.how', "must be 'id-age', 'list' or 'declared'");
        if (typeof d.green.needsConfirmation !== 'boolean')
          throw invalid('green.needsConfirmation', 'must be boolean');
      }
      const service = serviceOf(state, requireId(d.serviceId, 'serviceId'));
      if (countersServing(state, service.id).length === 0)
        throw new DomainError(ErrorCode.NoCounter, `No counter serves '${service.id}'`, {
          serviceId: service.id,
        });
      if (!isOpenAt(state, service.id, at))
        throw new DomainError(ErrorCode.QueueClosed, `'${service.id}' is closed now`, {
          serviceId: service.id,
        });
      const day = createStationTime(state.config.timeZone).day(at);
      const seq = nextSeqOn(state, day, service.id);
      if (issuedOn(state, day, service.id) >= service.dailyCap || seq > MAX_TICKET_SEQ)
        throw new DomainError(ErrorCode.DailyCap, `'${service.id}' reached its daily cap`, {
          serviceId: service.id,
          dailyCap: service.dailyCap,
        });
      const ticketId = buildTicketId({ stationId, day, serviceId: service.id, seq });
      if (state.tickets.has(ticketId))
        throw new DomainError(ErrorCode.Conflict, `Ticket '${ticketId}' exists already`, { ticketId });
      const issued: QueueEvent = {
        type: 'TicketIssued',
        data: {
          ticketId,
          stationId,
          serviceId: service.id,
          day,
          seq,
          number: ticketNumber(service.prefix, seq),
          kind: d.green ? 'green' : 'normal',
          issuedAt: at,
          at,
          lang: d.lang ?? 'zh',
          by: 'kiosk',
          ...(d.green ? { green: { ...d.green } } : {}),
          ...(d.idempotencyKey !== undefined ? { idempotencyKey: d.idempotencyKey } : {}),
        },
      };
      if (!d.green) return [issued];
      return [
        issued,
        {
          type: 'GreenChannelGranted',
          data: {
            ticketId,
            stationId,
            at,
            groupId: d.green.groupId,
            how: d.green.how,
            needsConfirmation: d.green.needsConfirmation,
          },
        },
      ];
    }
    case 'CallNext': {
      const { counterId, by } = command.data;
      const at = requireTime(command.data.at);
      requireFree(state, counterId);
      const next = chooseNext(state, counterId, at);
      if (!next) return [];
      const t = ticketOf(state, next.ticketId);
      return [
        {
          type: 'TicketCalled',
          data: {
            ticketId: t.id,
            stationId,
            at,
            counterId,
            by,
            rule: next.rule,
            explanation: next.explanation,
            kind: t.kind,
            waitedMs: Math.max(0, at - t.queuedAt),
          },
        },
      ];
    }
    case 'CallTicket': {
      const { counterId, ticketId, by } = command.data;
      const at = requireTime(command.data.at);
      const { config } = counterOf(state, counterId);
      requireFree(state, counterId);
      const t = ticketOf(state, ticketId);
      if (t.status !== 'waiting')
        throw new DomainError(ErrorCode.Conflict, `Ticket ${t.number} is ${t.status}, not waiting`, {
          ticketId,
        });
      if (!config.services.includes(t.serviceId))
        throw new DomainError(ErrorCode.Conflict, `Counter '${counterId}' does not serve '${t.serviceId}'`, {
          counterId,
          serviceId: t.serviceId,
        });
      return [
        {
          type: 'TicketCalled',
          data: {
            ticketId,
            stationId,
            at,
            counterId,
            by,
            rule: 'manual',
            explanation: { key: 'call.rule.manual', params: { by } },
            kind: t.kind,
            waitedMs: Math.max(0, at - t.queuedAt),
          },
        },
      ];
    }
    case 'Recall': {
      const { counterId, by } = command.data;
      const at = requireTime(command.data.at);
      const t = currentTicket(state, counterId);
      const base = { ticketId: t.id, stationId, at, counterId, by };
      if (t.recalls < state.config.recallMax)
        return [{ type: 'TicketRecalled', data: { ...base, recalls: t.recalls + 1 } }];
      if (!t.returnedToQueue)
        return [{ type: 'TicketReturnedToQueue', data: { ...base, recalls: t.recalls } }];
      return [{ type: 'TicketNoShow', data: { ...base, reason: 'recall-limit' } }];
    }
    case 'MarkNoShow': {
      const { counterId, by } = command.data;
      const at = requireTime(command.data.at);
      const t = currentTicket(state, counterId);
      return [
        { type: 'TicketNoShow', data: { ticketId: t.id, stationId, at, counterId, by, reason: 'staff' } },
      ];
    }
    case 'RestoreNoShow': {
      const { ticketId, counterId, by } = command.data;
      const at = requireTime(command.data.at);
      counterOf(state, counterId);
      const t = ticketOf(state, requireId(ticketId, 'ticketId'));
      if (t.status !== 'no-show' || t.endedAt === undefined)
        throw new DomainError(ErrorCode.Conflict, `Ticket ${t.number} is ${t.status}, not a no-show`, {
          ticketId,
        });
      const minutes = state.config.noShowUndoMinutes ?? DEFAULT_NO_SHOW_UNDO_MINUTES;
      if (at - t.endedAt > minutes * 60_000)
        throw new DomainError(
          ErrorCode.Conflict,
          `Ticket ${t.number} was marked no-show more than ${minutes} minutes ago`,
          { ticketId, reason: 'too-late', messageZh: `${t.number} 过号已超过 ${minutes} 分钟，不能恢复。` },
        );
      return [
        { type: 'TicketRestored', data: { ticketId, stationId, at, counterId, by, noShowAt: t.endedAt } },
      ];
    }
    case 'Transfer': {
      const { counterId, toServiceId, position, by } = command.data;
      const at = requireTime(command.data.at);
      if (position !== 'front' && position !== 'back') throw invalid('position', "must be 'front' or 'back'");
      const t = currentTicket(state, counterId);
      const to = serviceOf(state, requireId(toServiceId, 'toServiceId'));
      if (to.id === t.serviceId) throw invalid('toServiceId', 'must differ from the ticket’s service');
      if (countersServing(state, to.id).length === 0)
        throw new DomainError(ErrorCode.NoCounter, `No counter serves '${to.id}'`, { serviceId: to.id });
      return [
        {
          type: 'TicketTransferred',
          data: {
            ticketId: t.id,
            stationId,
            at,
            counterId,
            by,
            fromServiceId: t.serviceId,
            toServiceId: to.id,
            position,
          },
        },
      ];
    }
    case 'Finish': {
      const { counterId, by } = command.data;
      const at = requireTime(command.data.at);
      const t = currentTicket(state, counterId);
      const serviceSeconds = Math.max(0, Math.round((at - (t.calledAt ?? at)) / 1000));
      return [
        { type: 'TicketServed', data: { ticketId: t.id, stationId, at, counterId, by, serviceSeconds } },
      ];
    }
    case 'CancelTicket': {
      const { ticketId, by } = command.data;
      const at = requireTime(command.data.at);
      const reason = command.data.reason;
      if (typeof reason !== 'string' || reason.length === 0 || reason.length > 200)
        throw invalid('reason', 'must be a string of 1..200 characters');
      const t = ticketOf(state, ticketId);
      if (t.status !== 'waiting' && t.status !== 'called')
        throw new DomainError(ErrorCode.Conflict, `Ticket ${t.number} is ${t.status} already`, { ticketId });
      return [
        {
          type: 'TicketCancelled',
          data: {
            ticketId,
            stationId,
            at,
            by,
            reason,
            ...(t.status === 'called' && t.counterId ? { counterId: t.counterId } : {}),
          },
        },
      ];
    }
    case 'Reprint': {
      const { ticketId, by } = command.data;
      const at = requireTime(command.data.at);
      const t = ticketOf(state, ticketId);
      if (t.status !== 'waiting' && t.status !== 'called')
        throw new DomainError(ErrorCode.Conflict, `Ticket ${t.number} is ${t.status}; nothing to reprint`, {
          ticketId,
        });
      return [{ type: 'TicketReprinted', data: { ticketId, stationId, at, by } }];
    }
    case 'ConfirmGreen': {
      const { counterId, confirmed, by } = command.data;
      const at = requireTime(command.data.at);
      if (typeof confirmed !== 'boolean') throw invalid('confirmed', 'must be boolean');
      const t = currentTicket(state, counterId);
      if (t.kind !== 'green' || !t.green?.needsConfirmation || t.greenConfirmed !== undefined)
        throw new DomainError(ErrorCode.Conflict, `Ticket ${t.number} has no green channel to confirm`, {
          ticketId: t.id,
        });
      const data = { ticketId: t.id, stationId, at, counterId, by, groupId: t.green.groupId };
      return [confirmed ? { type: 'GreenChannelConfirmed', data } : { type: 'GreenChannelDeclined', data }];
    }
    case 'RecordPrinted': {
      const { ticketId, jobId, reprint } = command.data;
      const at = requireTime(command.data.at);
      requireId(jobId, 'jobId');
      ticketOf(state, ticketId);
      return [{ type: 'TicketPrinted', data: { ticketId, stationId, at, jobId, reprint: reprint === true } }];
    }
    default: {
      const never: never = command;
      throw invalid('type', `unknown command ${JSON.stringify((never as { type?: unknown }).type)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// evolve

function withTicket(state: QueueState, ticket: TicketView): QueueState['tickets'] {
  return state.tickets.set(ticket.id, ticket);
}

function addWaiting(state: QueueState, serviceId: string, ticketId: string): QueueState['waiting'] {
  const current = state.waiting[serviceId] ?? emptyPersistentMap<true>();
  return { ...state.waiting, [serviceId]: current.set(ticketId, true) };
}

function removeWaiting(state: QueueState, serviceId: string, ticketId: string): QueueState['waiting'] {
  const current = state.waiting[serviceId];
  if (!current?.has(ticketId)) return state.waiting;
  return { ...state.waiting, [serviceId]: current.delete(ticketId) };
}

function freeCounter(
  state: QueueState,
  counterId: string | undefined,
  ticketId: string,
): QueueState['counters'] {
  if (counterId === undefined) return state.counters;
  const c = state.counters[counterId];
  if (!c || c.currentTicketId !== ticketId) return state.counters;
  const { currentTicketId: _, ...rest } = c;
  return { ...state.counters, [counterId]: rest };
}

/** Ends a called ticket (served, no-show, cancelled) or puts it back in a queue. */
function leaveCounter(state: QueueState, t: TicketView): Pick<QueueState, 'counters' | 'waiting'> {
  return {
    counters: freeCounter(state, t.counterId, t.id),
    waiting: t.status === 'waiting' ? removeWaiting(state, t.serviceId, t.id) : state.waiting,
  };
}

/** Applies one event; returns a new state and leaves the given one unchanged. */
export function evolve(state: QueueState, event: QueueEvent): QueueState {
  const lastEventAt = Math.max(state.lastEventAt, event.data.at);
  switch (event.type) {
    case 'TicketIssued': {
      const d = event.data;
      const ticket: TicketView = {
        id: d.ticketId,
        number: d.number,
        serviceId: d.serviceId,
        day: d.day,
        seq: d.seq,
        kind: d.kind,
        status: 'waiting',
        issuedAt: d.issuedAt,
        queuedAt: d.issuedAt,
        front: false,
        recalls: 0,
        returnedToQueue: false,
        calls: 0,
        printed: 0,
        lang: d.lang,
        ...(d.green ? { green: d.green } : {}),
      };
      const key = `${d.day}|${d.serviceId}`;
      return {
        ...state,
        tickets: withTicket(state, ticket),
        waiting: addWaiting(state, d.serviceId, d.ticketId),
        dayCounters: state.dayCounters.set(key, Math.max(state.dayCounters.get(key) ?? 0, d.seq)),
        dayIssued: state.dayIssued.set(key, (state.dayIssued.get(key) ?? 0) + 1),
        idempotency:
          d.idempotencyKey !== undefined
            ? state.idempotency.set(d.idempotencyKey, d.ticketId)
            : state.idempotency,
        lastEventAt,
      };
    }
    case 'GreenChannelGranted': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      const { groupId, how, needsConfirmation } = event.data;
      return {
        ...state,
        tickets: withTicket(state, { ...t, kind: 'green', green: { groupId, how, needsConfirmation } }),
        lastEventAt,
      };
    }
    case 'TicketCalled': {
      const d = event.data;
      const t = state.tickets.get(d.ticketId);
      if (!t) return { ...state, lastEventAt };
      const called: TicketView = {
        ...t,
        status: 'called',
        calledAt: d.at,
        counterId: d.counterId,
        recalls: 0,
        calledRule: d.rule,
        calls: t.calls + 1,
        front: false,
      };
      const counter = state.counters[d.counterId] ?? { id: d.counterId, calls: 0 };
      return {
        ...state,
        tickets: withTicket(state, called),
        waiting: removeWaiting(state, t.serviceId, t.id),
        counters: {
          ...state.counters,
          [d.counterId]: { ...counter, currentTicketId: t.id, lastCallAt: d.at, calls: counter.calls + 1 },
        },
        greenStreak: t.kind === 'green' ? state.greenStreak + 1 : 0,
        lastEventAt,
      };
    }
    case 'TicketRecalled': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      return { ...state, tickets: withTicket(state, { ...t, recalls: event.data.recalls }), lastEventAt };
    }
    case 'TicketReturnedToQueue': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      const back: TicketView = {
        ...t,
        status: 'waiting',
        queuedAt: event.data.at,
        returnedToQueue: true,
        recalls: 0,
      };
      const { counterId: _, calledAt: __, ...rest } = back;
      const mid = { ...state, counters: freeCounter(state, t.counterId, t.id) };
      return {
        ...mid,
        tickets: withTicket(state, rest),
        waiting: addWaiting(state, t.serviceId, t.id),
        lastEventAt,
      };
    }
    case 'TicketTransferred': {
      const d = event.data;
      const t = state.tickets.get(d.ticketId);
      if (!t) return { ...state, lastEventAt };
      const { counterId: _, calledAt: __, ...rest } = t;
      const moved: TicketView = {
        ...rest,
        serviceId: d.toServiceId,
        status: 'waiting',
        queuedAt: d.at,
        front: d.position === 'front',
        recalls: 0,
      };
      const afterLeave = { ...state, ...leaveCounter(state, t) };
      return {
        ...afterLeave,
        tickets: withTicket(state, moved),
        waiting: addWaiting(afterLeave, d.toServiceId, d.ticketId),
        lastEventAt,
      };
    }
    case 'TicketServed': {
      const d = event.data;
      const t = state.tickets.get(d.ticketId);
      if (!t) return { ...state, lastEventAt };
      const window = state.config.serviceWindow ?? DEFAULT_SERVICE_WINDOW;
      const recent = [...(state.recentServiceSeconds[t.serviceId] ?? []), d.serviceSeconds].slice(-window);
      return {
        ...state,
        ...leaveCounter(state, t),
        tickets: withTicket(state, {
          ...t,
          status: 'served',
          endedAt: d.at,
          serviceSeconds: d.serviceSeconds,
        }),
        recentServiceSeconds: { ...state.recentServiceSeconds, [t.serviceId]: recent },
        lastEventAt,
      };
    }
    case 'TicketNoShow':
    case 'TicketCancelled': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      const status = event.type === 'TicketNoShow' ? 'no-show' : 'cancelled';
      return {
        ...state,
        ...leaveCounter(state, t),
        tickets: withTicket(state, { ...t, status, endedAt: event.data.at }),
        lastEventAt,
      };
    }
    case 'TicketRestored': {
      const t = state.tickets.get(event.data.ticketId);
      if (t?.status !== 'no-show') return { ...state, lastEventAt };
      // Back in its queue with the queue time it had: the place it was called from.
      const { counterId: _, calledAt: __, endedAt: ___, ...rest } = t;
      const restored: TicketView = { ...rest, status: 'waiting', recalls: 0 };
      return {
        ...state,
        tickets: withTicket(state, restored),
        waiting: addWaiting(state, t.serviceId, t.id),
        lastEventAt,
      };
    }
    case 'TicketReprinted':
      return { ...state, lastEventAt };
    case 'TicketPrinted': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      return { ...state, tickets: withTicket(state, { ...t, printed: t.printed + 1 }), lastEventAt };
    }
    case 'GreenChannelConfirmed': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      return { ...state, tickets: withTicket(state, { ...t, greenConfirmed: true }), lastEventAt };
    }
    case 'GreenChannelDeclined': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      // Back to the normal queue at the place its issue time gives it.
      const { counterId: _, calledAt: __, ...rest } = t;
      const declined: TicketView = {
        ...rest,
        kind: 'normal',
        greenConfirmed: false,
        status: 'waiting',
        queuedAt: t.issuedAt,
        recalls: 0,
      };
      return {
        ...state,
        counters: freeCounter(state, t.counterId, t.id),
        tickets: withTicket(state, declined),
        waiting: addWaiting(state, t.serviceId, t.id),
        lastEventAt,
      };
    }
    default: {
      const never: never = event;
      throw new Error(`Unknown queue event: ${JSON.stringify((never as { type?: unknown }).type)}`);
    }
  }
}

/** Applies events in order (e.g. at start-up). */
export function evolveAll(state: QueueState, events: Iterable<QueueEvent>): QueueState {
  let s = state;
  for (const e of events) s = evolve(s, e);
  return s;
}

/** decide then evolve: the events and the state after them. */
export function handle(
  state: QueueState,
  command: QueueCommand,
): { events: QueueEvent[]; state: QueueState } {
  const events = decide(command, state);
  return { events, state: evolveAll(state, events) };
}
