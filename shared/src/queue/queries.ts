/**
 * Questions about a queue state: tickets issued and the next number on a day, the counters serving
 * a service, and a service's status (open, why not, how many wait).
 */
import { RESTORE_NUMBER_FLOOR, serviceOf, stationTimeOf } from './config.ts';
import { isOpenAt } from './hours.ts';
import type { QueueState, ServiceStatus } from './types.ts';

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
  const day = stationTimeOf(state).day(at);
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
