/**
 * Staff sessions at counters: one session holds a counter at a time, opened only with a checked
 * credential (`counter-staff.ts`), also to take a counter over. Tokens are random and live in
 * memory only: after an agent restart staff sign in again.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCode } from '@xz/shared/errors';

export interface CounterSession {
  counterId: string;
  /** The staff id (the hub username): what counter events record as `by`. */
  staffId: string;
  /** The staff member's name, as the console shows it. */
  staff: string;
  token: string;
  since: number;
}

export interface CounterSessions {
  /** Opens a session for a signed-in staff member; `force` takes the counter over. */
  open(counterId: string, staff: { id: string; name: string }, at: number, force: boolean): CounterSession;
  close(counterId: string, token: string): void;
  /** The staff of the session holding the counter, or an error. */
  check(counterId: string, token: string | undefined): CounterSession;
  holder(counterId: string): CounterSession | undefined;
}

export function createCounterSessions(): CounterSessions {
  const byCounter = new Map<string, CounterSession>();

  function check(counterId: string, token: string | undefined): CounterSession {
    const s = byCounter.get(counterId);
    if (!token) throw new DomainError(ErrorCode.Unauthorized, 'Sign in to this counter first.');
    if (!s || !safeEqual(s.token, token)) {
      throw new DomainError(ErrorCode.Unauthorized, 'This counter session has ended; sign in again.', {
        messageZh: '该窗口的登录已失效，请重新登录。',
      });
    }
    return s;
  }

  return {
    open(counterId, staff, at, force) {
      const held = byCounter.get(counterId);
      if (held && !force) {
        throw new DomainError(ErrorCode.Conflict, `Counter ${counterId} is held by ${held.staff}.`, {
          field: 'counterId',
          messageZh: `${counterId} 号窗口已由 ${held.staff} 登录。`,
        });
      }
      const session = {
        counterId,
        staffId: staff.id,
        staff: staff.name,
        token: randomBytes(24).toString('base64url'),
        since: at,
      };
      byCounter.set(counterId, session);
      return session;
    },
    close(counterId, token) {
      check(counterId, token);
      byCounter.delete(counterId);
    },
    check,
    holder: (counterId) => byCounter.get(counterId),
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
