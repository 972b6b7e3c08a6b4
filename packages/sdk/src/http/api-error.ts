// The one error type for a failed API call, so callers can branch on the catalog code.
import { ERROR_CATALOG, type ErrorCode } from '@anytime/protocol';

/** Codes that say "try again later" rather than "this request is wrong". */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['internal', 'unavailable', 'rate_limited']);

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** HTTP status; for errors that arrive on the socket, the catalog status of the code. */
    readonly status: number = ERROR_CATALOG[code].status,
    /** Seconds to wait before retrying, from a Retry-After header. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  /** Whether the same request may succeed if tried again later. */
  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}

/** The request never got an answer (connection refused, reset, DNS...). Always transient. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly transient = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isTransientError(e: unknown): boolean {
  return e instanceof NetworkError || (e instanceof ApiError && e.transient);
}
