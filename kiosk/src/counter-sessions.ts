/**
 * Staff sessions at counters: one session holds a counter at a time. Tokens are random and
 * live in memory only: after an agent restart staff sign in again.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCode } from '@xz/shared/errors';

export interface CounterSession {
  counterId: string;
  staff: string;
  token: string;
  since: number;
}

export interface CounterSessions {
  open(counterId: string, staff: string, at: number, force: boolean): CounterSession;
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
      const session = { counterId, staff, token: randomBytes(24).toString('base64url'), since: at };
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
