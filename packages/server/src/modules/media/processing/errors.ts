// The ways processing can refuse a file. InvalidMediaError is the uploader's problem (no
// decodable stream, too long, corrupt): the caller answers `invalid_media` and does not retry.
// Anything else thrown by processing (ffmpeg missing, disk full) is the server's problem.

export type InvalidMediaReason = 'unreadable' | 'no_stream' | 'too_long' | 'corrupt';

export class InvalidMediaError extends Error {
  readonly code = 'invalid_media' as const;
  /** Not worth another attempt: the same bytes fail the same way. */
  readonly retryable = false;

  constructor(
    readonly reason: InvalidMediaReason,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidMediaError';
  }
}

/** What an aborted run rejects with: the signal's reason when it is an Error. */
export function abortError(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error('processing was aborted');
  e.name = 'AbortError';
  return e;
}
