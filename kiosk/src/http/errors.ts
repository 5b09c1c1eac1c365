/**
 * One error shape for every route: { code, message, messageZh, field? }.
 * Domain errors map through the shared HTTP table; schema failures are XZ_ERR_VALIDATION
 * naming the field; anything else is a 500 without internals.
 */

import { defaultMessageOf, type ErrorCode, httpStatusOf, isDomainError } from '@xz/shared/errors';
import type { FastifyError, FastifyInstance } from 'fastify';

export interface ErrorBody {
  code: string;
  message: string;
  messageZh: string;
  field?: string;
  reason?: string;
}

export function errorBody(code: ErrorCode, message?: string, extra: Partial<ErrorBody> = {}): ErrorBody {
  const d = defaultMessageOf(code);
  return { code, message: message ?? d.en, messageZh: extra.messageZh ?? d.zh, ...extra };
}

function fieldOf(error: FastifyError): string | undefined {
  const v = error.validation?.[0];
  if (!v) return undefined;
  const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
  const extra = (v.params as { additionalProperty?: string } | undefined)?.additionalProperty;
  return [path, missing ?? extra].filter(Boolean).join('.') || undefined;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDomainError(error)) {
      const field = typeof error.details?.field === 'string' ? error.details.field : undefined;
      const reason = typeof error.details?.reason === 'string' ? error.details.reason : undefined;
      const zh = typeof error.details?.messageZh === 'string' ? error.details.messageZh : undefined;
      return reply.code(httpStatusOf(error.code)).send(
        errorBody(error.code, error.message, {
          ...(field ? { field } : {}),
          ...(reason ? { reason } : {}),
          ...(zh ? { messageZh: zh } : {}),
        }),
      );
    }
    if (error.validation) {
      const field = fieldOf(error);
      return reply.code(400).send(errorBody('XZ_ERR_VALIDATION', error.message, field ? { field } : {}));
    }
    if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send(errorBody('XZ_ERR_PAYLOAD_TOO_LARGE'));
    }
    if (error.statusCode === 429) {
      return reply.code(429).send(errorBody('XZ_ERR_RATE_LIMITED'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(errorBody('XZ_ERR_VALIDATION', error.message));
    }
    request.log.error(error);
    return reply
      .code(500)
      .send({ code: 'XZ_ERR_INTERNAL', message: 'Internal error', messageZh: '系统内部错误' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send(errorBody('XZ_ERR_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
  });
}
