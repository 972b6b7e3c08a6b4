// Per-user send rate limit (messages per window, from config), checked by sendMessage so HTTP
// and WebSocket sends count alike. On PostgreSQL counted in the database, so the limit holds
// across every node together; on SQLite (one node) in memory.
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';

/**
 * Throws rate_limited when the user is over the limit. Synchronous with the in-memory limiter
 * (SQLite commits sends in call order: nothing may defer the write); a promise when shared.
 */
export function checkSendRate(ctx: AppContext, userId: string): void | Promise<void> {
  const hit = ctx.sendLimit.hit(userId);
  if (typeof hit === 'number') return refuseIfLimited(hit);
  return hit.then(refuseIfLimited);
}

function refuseIfLimited(retryAfter: number): void {
  if (retryAfter > 0) {
    throw new ApiError('rate_limited', `too many messages; retry in ${retryAfter} s`, retryAfter);
  }
}
