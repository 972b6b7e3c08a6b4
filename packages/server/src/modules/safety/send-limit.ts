// Per-user send rate limit (messages per window, from config), checked by sendMessage so HTTP
// and WebSocket sends count alike. Counted in this node's memory: with several nodes a user gets
// up to N times the limit until a shared limiter exists (issue 9).
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';

export function checkSendRate(ctx: AppContext, userId: string): void {
  const retryAfter = ctx.sendLimit.hit(userId);
  if (retryAfter > 0) {
    throw new ApiError('rate_limited', `too many messages; retry in ${retryAfter} s`, retryAfter);
  }
}
