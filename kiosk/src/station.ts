/**
 * The station as the agent runs it: the checked station file, and the queue configuration the
 * decider works with.
 */
import { loadStationConfig } from '@xz/firmware-config/config';
import type { StationConfig } from '@xz/firmware-config/schemas';
import { bundledQueueCalendar } from '@xz/shared/calendar/queue-calendar';
import type { StationQueueConfig } from '@xz/shared/queue/types';

export type { StationConfig };

export function loadStation(file: string): StationConfig {
  return loadStationConfig(file);
}

export function queueConfigOf(station: StationConfig): StationQueueConfig {
  return {
    stationId: station.stationId,
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
    counters: station.counters.map((c) => ({
      id: c.id,
      services: [...c.services],
      ...(c.reserved ? { reserved: c.reserved } : {}),
    })),
    hours: station.hours,
    calling: { ...station.calling },
    recallMax: station.recallMax,
    calendar: bundledQueueCalendar(),
  };
}
