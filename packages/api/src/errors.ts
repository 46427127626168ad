import { DomainError, ERROR_CATALOGUE, isDomainError, type ErrorCode } from '@tsunagu/domain';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** An API-level refusal; the same catalogue as the engine's (DESIGN.md "Errors"). */
export class ApiError extends DomainError {
  constructor(code: ErrorCode, details: Record<string, unknown> = {}) {
    super(code, details);
    this.name = 'ApiError';
  }
}

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; messageJa: string; details?: Record<string, unknown> };
}

export function errorBody(code: ErrorCode, details?: Record<string, unknown>): ErrorBody {
  const spec = ERROR_CATALOGUE[code];
  return { error: { code, message: spec.en, messageJa: spec.ja, ...(details ? { details } : {}) } };
}

/** Maps catalogue errors to their HTTP status, schema failures to 400, and hides the rest. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError, request, reply) => {
    if (isDomainError(err)) {
      return reply.status(ERROR_CATALOGUE[err.code].http).send(errorBody(err.code, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.slice(0, 10).map((v) => ({
        path:
          v.instancePath ||
          (v.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.') ||
          '',
        message: v.message ?? 'invalid',
      }));
      return reply
        .status(400)
        .send(errorBody('CC_ERR_VALIDATION', { in: err.validationContext, issues }));
    }
    if (
      (err as FastifyError).statusCode === 400 ||
      (err as FastifyError).code === 'FST_ERR_CTP_INVALID_JSON_BODY'
    ) {
      return reply.status(400).send(errorBody('CC_ERR_VALIDATION', { message: err.message }));
    }
    if ((err as FastifyError).statusCode === 413 || (err as FastifyError).statusCode === 415) {
      return reply
        .status((err as FastifyError).statusCode!)
        .send(errorBody('CC_ERR_VALIDATION', { message: err.message }));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('CC_ERR_INTERNAL'));
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send(errorBody('CC_ERR_NOT_FOUND')),
  );
}

/** Throws the engine's refusal as an API error (the handler maps it), else returns the result. */
export function orThrow<T extends { error?: DomainError }>(result: T): T {
  if (result.error) throw result.error;
  return result;
}
