/**
 * Builders for tests of code that uses the queue: a small station configuration and a way to
 * reach a state by running commands through decide and evolve.
 */
import { createStationTime } from '../time.ts';
import { defaultCallingPolicy } from './calling.ts';
import { decide, evolveAll, initialState } from './decider.ts';
import type { QueueCommand, QueueEvent, QueueState, StationQueueConfig } from './types.ts';

/** A station with three services (A tax, B social insurance, C legal) and two counters. */
export function sampleStationConfig(overrides: Partial<StationQueueConfig> = {}): StationQueueConfig {
  return {
    stationId: 'st-1',
    timeZone: 'Asia/Shanghai',
    services: [
      { id: 'tax', prefix: 'A', name: { zh: '税务', en: 'Tax' }, avgMinutes: 10, dailyCap: 999, warnAt: 900 },
      {
        id: 'social',
        prefix: 'B',
        name: { zh: '社保', en: 'Social insurance' },
        avgMinutes: 6,
        dailyCap: 999,
        warnAt: 900,
      },
      {
        id: 'legal',
        prefix: 'C',
        name: { zh: '法律', en: 'Legal' },
        avgMinutes: 20,
        dailyCap: 999,
        warnAt: 900,
      },
    ],
    counters: [
      { id: '1', services: ['tax', 'social'] },
      { id: '2', services: ['tax', 'social', 'legal'] },
    ],
    hours: [{ days: 'mon-sun', from: '08:30', to: '17:30' }],
    calling: { ...defaultCallingPolicy },
    recallMax: 2,
    ...overrides,
  };
}

/** Epoch ms of a station-local time on a day (default 2026-11-23, a Monday, Asia/Shanghai). */
export function stationAt(time: string, day = '2026-11-23', timeZone = 'Asia/Shanghai'): number {
  return createStationTime(timeZone).toEpoch(day, time);
}

/** Runs commands in order from the initial state; returns the state and every event. */
export function runCommands(
  config: StationQueueConfig,
  commands: readonly QueueCommand[],
): { state: QueueState; events: QueueEvent[] } {
  let state = initialState(config);
  const events: QueueEvent[] = [];
  for (const command of commands) {
    const produced = decide(command, state);
    events.push(...produced);
    state = evolveAll(state, produced);
  }
  return { state, events };
}
