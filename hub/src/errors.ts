/**
 * One error reply shape for the hub API: `{ code, message, messageZh, field?, reason? }`, with the
 * status from the shared error table (`httpStatusOf`).
 */

import { Type } from '@sinclair/typebox';
import { defaultMessageOf, ErrorCode, httpStatusOf, isDomainError } from '@xz/shared/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export const ErrorReply = Type.Object({
  code: Type.String(),
  message: Type.String(),
  messageZh: Type.String(),
  field: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  /** Itemised problems (e.g. the lines of an uploaded file), when there are several. */
  errors: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])))),
});

export interface ErrorBody {
  code: string;
  message: string;
  messageZh: string;
  field?: string;
  reason?: string;
  errors?: Record<string, string | number>[];
}

function body(code: ErrorCode, message?: string, details?: Readonly<Record<string, unknown>>): ErrorBody {
  const defaults = defaultMessageOf(code);
  const out: ErrorBody = {
    code,
    message: message ?? defaults.en,
    messageZh: typeof details?.messageZh === 'string' ? details.messageZh : defaults.zh,
  };
  if (typeof details?.field === 'string') out.field = details.field;
  if (typeof details?.reason === 'string') out.reason = details.reason;
  const flat = (e: unknown) =>
    e !== null &&
    typeof e === 'object' &&
    Object.values(e).every((v) => typeof v === 'string' || typeof v === 'number');
  if (Array.isArray(details?.errors) && details.errors.every(flat))
    out.errors = details.errors as Record<string, string | number>[];
  return out;
}

export function hubErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (isDomainError(error)) {
    reply.status(httpStatusOf(error.code)).send(body(error.code, error.message, error.details));
    return;
  }
  if (error.validation) {
    const first = error.validation[0];
    const field =
      (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') ||
      (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    reply.status(400).send(body(ErrorCode.Validation, error.message, field ? { field } : undefined));
    return;
  }
  if (error.statusCode === 429) {
    reply.status(429).send(body(ErrorCode.RateLimited));
    return;
  }
  if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    reply.status(413).send(body(ErrorCode.PayloadTooLarge));
    return;
  }
  // Fastify's own client errors (bad JSON, wrong content type); errors from CouchDB carry a
  // statusCode too, but they are the hub's failure, not the caller's.
  const fromFastify = typeof error.code === 'string' && error.code.startsWith('FST_');
  if (fromFastify && error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    reply.status(400).send(body(ErrorCode.Validation, error.message));
    return;
  }
  request.log.error(error);
  reply
    .status(500)
    .send({ code: 'XZ_ERR_INTERNAL', message: 'Internal error.', messageZh: '服务器内部错误。' });
}
