/**
 * Domain errors shared by every part of Xiaozhan.
 *
 * Each error has one stable code (`XZ_ERR_*`), one HTTP status (see `httpStatusOf`) and a default
 * English and Chinese message. To add a code: add it to `ErrorCode`, then to `HTTP_STATUS` and
 * `DEFAULT_MESSAGES` (the compiler points at both tables).
 */

export const ErrorCode = {
  Validation: 'XZ_ERR_VALIDATION',
  NotFound: 'XZ_ERR_NOT_FOUND',
  Conflict: 'XZ_ERR_CONFLICT',
  Unauthorized: 'XZ_ERR_UNAUTHORIZED',
  Forbidden: 'XZ_ERR_FORBIDDEN',
  QueueClosed: 'XZ_ERR_QUEUE_CLOSED',
  DailyCap: 'XZ_ERR_DAILY_CAP',
  NoCounter: 'XZ_ERR_NO_COUNTER',
  UnknownService: 'XZ_ERR_UNKNOWN_SERVICE',
  CounterBusy: 'XZ_ERR_COUNTER_BUSY',
  CounterIdle: 'XZ_ERR_COUNTER_IDLE',
  RecallLimit: 'XZ_ERR_RECALL_LIMIT',
  CalendarYearUnknown: 'XZ_ERR_CALENDAR_YEAR_UNKNOWN',
  PrinterUnavailable: 'XZ_ERR_PRINTER_UNAVAILABLE',
  RateLimited: 'XZ_ERR_RATE_LIMITED',
  PayloadTooLarge: 'XZ_ERR_PAYLOAD_TOO_LARGE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  XZ_ERR_VALIDATION: 400,
  XZ_ERR_NOT_FOUND: 404,
  XZ_ERR_CONFLICT: 409,
  XZ_ERR_UNAUTHORIZED: 401,
  XZ_ERR_FORBIDDEN: 403,
  XZ_ERR_QUEUE_CLOSED: 409,
  XZ_ERR_DAILY_CAP: 409,
  XZ_ERR_NO_COUNTER: 409,
  XZ_ERR_UNKNOWN_SERVICE: 404,
  XZ_ERR_COUNTER_BUSY: 409,
  XZ_ERR_COUNTER_IDLE: 409,
  XZ_ERR_RECALL_LIMIT: 409,
  XZ_ERR_CALENDAR_YEAR_UNKNOWN: 422,
  XZ_ERR_PRINTER_UNAVAILABLE: 503,
  XZ_ERR_RATE_LIMITED: 429,
  XZ_ERR_PAYLOAD_TOO_LARGE: 413,
};

const DEFAULT_MESSAGES: Readonly<Record<ErrorCode, { en: string; zh: string }>> = {
  XZ_ERR_VALIDATION: { en: 'The input is not valid.', zh: '输入内容不符合要求。' },
  XZ_ERR_NOT_FOUND: { en: 'Not found.', zh: '未找到。' },
  XZ_ERR_CONFLICT: { en: 'This conflicts with the current state.', zh: '与当前状态冲突。' },
  XZ_ERR_UNAUTHORIZED: { en: 'Please sign in.', zh: '请先登录。' },
  XZ_ERR_FORBIDDEN: { en: 'You are not allowed to do this.', zh: '无权执行此操作。' },
  XZ_ERR_QUEUE_CLOSED: { en: 'This service is closed now.', zh: '该业务当前不在办理时间。' },
  XZ_ERR_DAILY_CAP: { en: 'No more tickets today for this service.', zh: '该业务今日号源已满。' },
  XZ_ERR_NO_COUNTER: { en: 'No counter serves this service.', zh: '暂无窗口办理该业务。' },
  XZ_ERR_UNKNOWN_SERVICE: { en: 'Unknown service.', zh: '未知业务。' },
  XZ_ERR_COUNTER_BUSY: { en: 'Finish the current ticket first.', zh: '请先办结当前号。' },
  XZ_ERR_COUNTER_IDLE: { en: 'This counter has no current ticket.', zh: '该窗口当前没有正在办理的号。' },
  XZ_ERR_RECALL_LIMIT: { en: 'The recall limit is reached.', zh: '已达到重呼次数上限。' },
  XZ_ERR_CALENDAR_YEAR_UNKNOWN: {
    en: 'The working-day calendar does not cover this year.',
    zh: '工作日历未包含该年份。',
  },
  XZ_ERR_PRINTER_UNAVAILABLE: { en: 'The printer is not available.', zh: '打印机不可用。' },
  XZ_ERR_RATE_LIMITED: { en: 'Too many requests, please wait.', zh: '操作过于频繁，请稍候。' },
  XZ_ERR_PAYLOAD_TOO_LARGE: { en: 'The input is too large.', zh: '提交内容过大。' },
};

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** True when `value` is one of the known error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODES.has(value);
}

/** HTTP status for an error code (one table for the whole system). */
export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/** Default English and Chinese message for an error code. */
export function defaultMessageOf(code: ErrorCode): { en: string; zh: string } {
  return DEFAULT_MESSAGES[code];
}

/** A rule of the domain refused the input or the command. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  /** Machine-readable context, e.g. `{ field: 'serviceId' }` or `{ ticketId }`. */
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message?: string, details?: Readonly<Record<string, unknown>>) {
    super(message ?? DEFAULT_MESSAGES[code].en);
    this.name = 'DomainError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }

  /** HTTP status of this error's code. */
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

/** True for a DomainError, also across module copies (checks the shape, not only the prototype). */
export function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof DomainError ||
    (error instanceof Error &&
      error.name === 'DomainError' &&
      isErrorCode((error as { code?: unknown }).code))
  );
}
