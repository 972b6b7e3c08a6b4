// Turns anything thrown by the SDK into a sentence from strings.ts, by its error-catalog code.
import type { ErrorBody, ErrorCode } from '@anytime/protocol';
import { ApiError, NetworkError } from '@anytime/sdk';
import { strings } from '../strings.js';

/** Text for a catalog code; codes from a newer server fall back to a generic sentence. */
export function codeText(code: ErrorCode | string): string {
  return (strings.errors as Record<string, string>)[code] ?? strings.errors.unknown;
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return codeText(e.code);
  if (e instanceof NetworkError) return strings.errors.network;
  return strings.errors.unknown;
}

export const errorBodyText = (body: ErrorBody): string => codeText(body.code);
