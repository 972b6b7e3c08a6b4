// Structured logging (pino). Never logs message bodies, passwords, tokens or keys: request
// logging is limited to method, path and status, and known secret fields are redacted anywhere.
import { pino, type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = [
  'password',
  'text',
  'accessToken',
  'refreshToken',
  'token',
  'authorization',
  'key',
  '*.password',
  '*.text',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.authorization',
  '*.key',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** Drops secrets from a URL before it is logged (browsers put the token in the query). */
export function safeUrl(url: string): string {
  return url.replace(/([?&](?:access_token|token|refresh_token)=)[^&]*/gi, '$1[redacted]');
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    destination,
  );
}
