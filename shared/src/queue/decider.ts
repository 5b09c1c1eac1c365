/**
 * The queue decider: `decide(command, state) → events` checks the rules and throws DomainError;
 * `evolve(state, event) → state` applies one event without touching the input state.
 * Time and ids come in with the commands; nothing here reads a clock or draws random numbers.
 *
 * The parts: the configuration and its empty state (`config.ts`), opening hours on the working-day
 * calendar (`hours.ts`), `decide.ts`, `evolve.ts` and the questions asked of a state (`queries.ts`).
 */
import { decide } from './decide.ts';
import { evolveAll } from './evolve.ts';
import type { QueueCommand, QueueEvent, QueueState } from './types.ts';

export {
  DEFAULT_NO_SHOW_UNDO_MINUTES,
  initialState,
  RESTORE_NUMBER_FLOOR,
  validateStationQueueConfig,
} from './config.ts';
export { decide } from './decide.ts';
export { evolve, evolveAll } from './evolve.ts';
export { isOpenAt, isWorkingDay } from './hours.ts';
export { countersServing, issuedOn, nextSeqOn, serviceStatus } from './queries.ts';

/** decide then evolve: the events and the state after them. */
export function handle(
  state: QueueState,
  command: QueueCommand,
): { events: QueueEvent[]; state: QueueState } {
  const events = decide(command, state);
  return { events, state: evolveAll(state, events) };
}
