// Parsing unknown data at the edge: turns a zod failure into a catalog error code and a
// message a person can act on.
import type { z } from 'zod';
import type { ErrorCode } from './errors.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

function describe(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}

/** Codes more specific than invalid_request for particular issues. */
function codeFor(issues: readonly z.core.$ZodIssue[]): ErrorCode {
  for (const issue of issues) {
    if (issue.code === 'too_big' && issue.origin === 'string' && issue.path.at(-1) === 'text') return 'text_too_long';
    if (issue.path.at(-1) === 'emoji') return 'invalid_emoji';
  }
  return 'invalid_request';
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown): ParseResult<z.output<S>> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  const issues = r.error.issues;
  return { ok: false, code: codeFor(issues), message: issues.slice(0, 5).map(describe).join('; ') };
}
