/**
 * The station as the agent runs it: the checked station file, and the queue configuration the
 * decider works with.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStationConfig, validateStationConfig } from '@xz/firmware-config/config';
import type { StationConfig } from '@xz/firmware-config/schemas';
import { bundledQueueCalendar } from '@xz/shared/calendar/queue-calendar';
import type { StationQueueConfig } from '@xz/shared/queue/types';

export type { StationConfig };

/** The configuration the hub last pushed, kept in the data folder. */
export const PUSHED_CONFIG_FILE = 'station-config.json';

/**
 * The station file, or the configuration the hub pushed later (if it is for the same station and
 * newer). Either is checked against the schema; a bad station file stops the agent.
 */
export function loadStation(file: string, dataDir?: string): StationConfig {
  const local = loadStationConfig(file);
  if (!dataDir) return local;
  const pushedFile = join(dataDir, PUSHED_CONFIG_FILE);
  if (!existsSync(pushedFile)) return local;
  try {
    const pushed = loadStationConfig(pushedFile);
    return pushed.stationId === local.stationId && pushed.updatedAt > local.updatedAt ? pushed : local;
  } catch (error) {
    console.error(`ignoring the pushed configuration: ${(error as Error).message}`);
    return local;
  }
}

/** Checks a configuration document from the hub and keeps it for the next start. */
export function acceptPushedConfig(
  doc: Record<string, unknown>,
  dataDir: string,
  current: StationConfig,
): StationConfig {
  const { _rev, ...rest } = doc;
  void _rev;
  const config = validateStationConfig(rest, 'station configuration from the hub');
  if (config.stationId !== current.stationId) {
    throw new Error(`configuration for ${config.stationId} sent to ${current.stationId}`);
  }
  const file = join(dataDir, PUSHED_CONFIG_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(config, null, 2));
  renameSync(`${file}.tmp`, file);
  return config;
}

/**
 * The decider's configuration of a station. `noShowUndoMinutes` from the environment
 * (XZ_NO_SHOW_UNDO_MINUTES) applies when the station file does not set it.
 */
export function queueConfigOf(station: StationConfig, noShowUndoMinutes?: number): StationQueueConfig {
  const undo = station.noShowUndoMinutes ?? noShowUndoMinutes;
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
    ...(undo !== undefined ? { noShowUndoMinutes: undo } : {}),
    calendar: bundledQueueCalendar(),
  };
}
