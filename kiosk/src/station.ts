/**
 * The station as the agent runs it: the checked station file, and the queue configuration the
 * decider works with.
 */
import { loadStationConfig } from '@xz/firmware-config/config';
import type { StationConfig } from '@xz/firmware-config/schemas';
import { bundledQueueCalendar } from '@xz/shared/calendar/queue-calendar';
import { defaultCallingPolicy } from '@xz/shared/queue/calling';
import type { StationQueueConfig } from '@xz/shared/queue/types';

export type { StationConfig };

/** Recalls per call when the station file does not say. */
export const DEFAULT_RECALL_MAX = 2;

export function loadStation(file: string): StationConfig {
  return loadStationConfig(file);
}

export function queueConfigOf(station: StationConfig): StationQueueConfig {
  return {
    stationId: station.id,
    timeZone: station.timeZone,
    services: station.services.map((s) => ({
      id: s.id,
      prefix: s.prefix,
      name: s.name,
      avgMinutes: s.avgMinutes,
      dailyCap: s.dailyCap,
      warnAt: s.warnAt,
      ...(s.hours ? { hours: s.hours } : {}),
    })),
    counters: station.counters.map((c) => ({ id: c.id, services: [...c.services] })),
    hours: station.hours,
    calling: { ...defaultCallingPolicy },
    recallMax: DEFAULT_RECALL_MAX,
    calendar: bundledQueueCalendar(),
  };
}
