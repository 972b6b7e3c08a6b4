// Per-user send rate limit (messages per window, from config), checked by sendMessage so HTTP
// and WebSocket sends count alike. On SQLite (one node) counted in memory before the send. On
// PostgreSQL counted in the database, so the limit holds across every node together: the send's
// seq statement counts it (messages/actions.ts), inside the send's transaction, and the send is
// refused (rolled back, its count too) when that count is over the limit. A send that fails for
// another reason (not a member, a repeated clientId) rolls back and is not counted.
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { SharedRateLimiter, type Attempt, type CountedWindow } from '../accounts/shared-rate-limit.js';

/** A send to count inside its transaction; settle with the window the statement returned. */
export interface SendCount extends Attempt {
  settle(w: CountedWindow): void;
}

/**
 * Throws rate_limited when the user is over the limit as far as this node knows now.
 * Synchronous (SQLite commits sends in call order: nothing may defer the write). Returns the
 * count the send's transaction must make when the limit is shared (PostgreSQL).
 */
export function checkSendRate(ctx: AppContext, userId: string): SendCount | undefined {
  const limiter = ctx.sendLimit;
  if (!(limiter instanceof SharedRateLimiter)) {
    const hit = limiter.hit(userId);
    if (typeof hit === 'number') refuseIfLimited(hit);
    else throw new Error('send limit: a limiter that is neither in memory nor shared');
    return undefined;
  }
  const a = limiter.attempt(userId);
  if (typeof a === 'number') return refuseIfLimited(a);
  return { ...a, settle: (w) => refuseIfLimited(limiter.settle(a, w)) };
}

function refuseIfLimited(retryAfter: number): undefined {
  if (retryAfter > 0) {
    throw new ApiError('rate_limited', `too many messages; retry in ${retryAfter} s`, retryAfter);
  }
  return undefined;
}
