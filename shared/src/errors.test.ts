import { describe, expect, it } from 'vitest';
import {
  DomainError,
  defaultMessageOf,
  ErrorCode,
  httpStatusOf,
  isDomainError,
  isErrorCode,
} from './errors.ts';

describe('error codes', () => {
  it('maps every code to an HTTP status and both languages', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(code).toMatch(/^XZ_ERR_[A-Z_]+$/);
      expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
      expect(defaultMessageOf(code).zh.length).toBeGreaterThan(0);
      expect(defaultMessageOf(code).en.length).toBeGreaterThan(0);
    }
  });

  it('uses the statuses the API promises', () => {
    expect(httpStatusOf(ErrorCode.Validation)).toBe(400);
    expect(httpStatusOf(ErrorCode.QueueClosed)).toBe(409);
    expect(httpStatusOf(ErrorCode.DailyCap)).toBe(409);
    expect(httpStatusOf(ErrorCode.NoCounter)).toBe(409);
    expect(httpStatusOf(ErrorCode.UnknownService)).toBe(404);
    expect(httpStatusOf(ErrorCode.Unauthorized)).toBe(401);
    expect(httpStatusOf(ErrorCode.Forbidden)).toBe(403);
    expect(httpStatusOf(ErrorCode.RateLimited)).toBe(429);
    expect(httpStatusOf(ErrorCode.PayloadTooLarge)).toBe(413);
  });

  it('carries code, details and status on a DomainError', () => {
    const e = new DomainError(ErrorCode.DailyCap, undefined, { serviceId: 'tax' });
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('XZ_ERR_DAILY_CAP');
    expect(e.message).toBe(defaultMessageOf(ErrorCode.DailyCap).en);
    expect(e.details).toEqual({ serviceId: 'tax' });
    expect(e.httpStatus).toBe(409);
    expect(isDomainError(e)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isErrorCode('XZ_ERR_CONFLICT')).toBe(true);
    expect(isErrorCode('XZ_ERR_NOPE')).toBe(false);
  });
});
