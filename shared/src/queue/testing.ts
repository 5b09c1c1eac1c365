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

/** A command with a name a test gives the ticket it issues (the decider gives the id). */
export type TestCommand = QueueCommand & { label?: string };

/** Names an IssueTicket command so that `runCommands(…).id(label)` finds the ticket it issued. */
export function labelled(label: string, command: QueueCommand): TestCommand {
  return { ...command, label };
}

/**
 * Runs commands in order from the initial state; returns the state, every event, and `id(label)`:
 * the id the decider gave the ticket of a labelled IssueTicket.
 */
export function runCommands(
  config: StationQueueConfig,
  commands: readonly TestCommand[],
  from: QueueState = initialState(config),
): { state: QueueState; events: QueueEvent[]; id: (label: string) => string } {
  let state = from;
  const events: QueueEvent[] = [];
  const ids = new Map<string, string>();
  for (const { label, ...command } of commands) {
    const produced = decide(command as QueueCommand, state);
    events.push(...produced);
    state = evolveAll(state, produced);
    const issued = produced.find((e) => e.type === 'TicketIssued');
    if (label !== undefined && issued) ids.set(label, issued.data.ticketId);
  }
  const id = (label: string) => {
    const found = ids.get(label);
    if (found === undefined) throw new Error(`no ticket issued as '${label}'`);
    return found;
  };
  return { state, events, id };
}
