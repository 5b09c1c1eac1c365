/** Counter console actions: one staff session per counter, bearer token per session. */
import { requestJson } from './http.ts';
import type { CounterActionResult, CounterCommand, CounterSession } from './types.ts';

const base = (counterId: string) => `/api/counters/${encodeURIComponent(counterId)}`;

/**
 * POST /api/counters/:id/session with the staff id and its password or PIN; ApiError
 * XZ_ERR_UNAUTHORIZED for a wrong credential, XZ_ERR_RATE_LIMITED after too many, XZ_ERR_CONFLICT
 * when another session holds the counter (`force` takes it over, with the same credential).
 */
export function openCounterSession(
  counterId: string,
  staff: string,
  secret: string,
  force = false,
): Promise<CounterSession> {
  return requestJson<CounterSession>(`${base(counterId)}/session`, {
    method: 'POST',
    body: force ? { staff, secret, force: true } : { staff, secret },
  });
}

/** DELETE /api/counters/:id/session */
export async function closeCounterSession(session: CounterSession): Promise<void> {
  await requestJson<unknown>(`${base(session.counterId)}/session`, {
    method: 'DELETE',
    token: session.token,
  });
}

/** A counter command and its body, one union for every button of the console (the contract's). */
export type { CounterCommand };

function commandBody(cmd: CounterCommand): Record<string, unknown> | undefined {
  switch (cmd.type) {
    case 'call-next':
    case 'recall':
    case 'no-show':
    case 'finish':
      return undefined;
    case 'call':
      return { ticketId: cmd.ticketId };
    case 'transfer':
      return { toServiceId: cmd.toServiceId, position: cmd.position };
    case 'reprint':
    case 'restore-no-show':
      return { ticketId: cmd.ticketId };
    case 'confirm-green':
      return { confirmed: cmd.confirmed };
    default: {
      const never: never = cmd;
      throw new Error(`unknown counter command ${JSON.stringify(never)}`);
    }
  }
}

/** POST /api/counters/:id/<command> with the session's bearer token. */
export function runCounterCommand(
  session: CounterSession,
  cmd: CounterCommand,
): Promise<CounterActionResult> {
  return requestJson<CounterActionResult>(`${base(session.counterId)}/${cmd.type}`, {
    method: 'POST',
    body: commandBody(cmd) ?? {},
    token: session.token,
  });
}
