// ApiError carries a catalog code; the error handler turns it (and Fastify's own errors) into
// the `{ error: { code, message } }` body with the code's HTTP status.
import { ERROR_CATALOG, type ErrorCode, type ErrorResponse } from '@anytime/protocol';
import { isDatabaseUnavailable } from './database-errors.js';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_CATALOG[this.code].status;
  }

  toBody(): ErrorResponse {
    return { error: { code: this.code, message: this.message } };
  }
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
};

/** Maps anything thrown by a handler or by Fastify to an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const err = e as { code?: string; statusCode?: number; message?: string; name?: string };
  const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (mapped) return new ApiError(mapped, err.message ?? mapped);
  if (err.name === 'SyntaxError' && err.statusCode === 400)
    return new ApiError('invalid_json', 'body is not valid JSON');
  if (err.statusCode === 413) return new ApiError('body_too_large', 'request body too large');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new ApiError('invalid_request', err.message ?? 'bad request');
  }
  if (isDatabaseUnavailable(e)) return new ApiError('unavailable', 'the database is not reachable; try again', 1);
  return new ApiError('internal', 'internal error');
}
