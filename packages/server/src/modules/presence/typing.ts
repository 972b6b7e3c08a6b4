// Typing indicators: ephemeral, never stored. A member's `typing` frame is rate-limited per
// device and conversation (extra frames are dropped), then published on the broker; every node
// forwards it to its local connections of the other members, except the typist's own devices
// and users blocked either way with the typist.
import type { TypingServerFrame } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import type { Connection } from '../../gateway/connection.js';
import type { Router } from '../../gateway/router.js';
import { RateLimiter } from '../accounts/rate-limit.js';
import { requireMember } from '../conversations/queries.js';

export const TYPING_SUBJECT = 'anytime.typing';

interface TypingNotice {
  frame: TypingServerFrame;
  /** Users who blocked the typist or whom the typist blocked: they get nothing. */
  exclude: string[];
}

export class TypingRelay {
  private readonly limiter: RateLimiter;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: AppContext,
    private readonly router: Router,
  ) {
    this.limiter = new RateLimiter(1, ctx.config.TYPING_INTERVAL_MS);
    this.unsubscribe = ctx.broker.subscribe(TYPING_SUBJECT, (p) => this.deliver(p as TypingNotice));
  }

  /** Handles a device's typing frame: members only; frames over the rate are dropped. */
  async typing(conn: Connection, conversationId: string, stopped: boolean): Promise<void> {
    if (this.limiter.hit(`${conn.auth.deviceId}:${conversationId}:${stopped ? 0 : 1}`) > 0) return;
    const db = this.ctx.storage.read;
    await requireMember(db, conversationId, conn.userId);
    const rows = await db
      .selectFrom('blocks')
      .select(['blocker_id', 'blocked_id'])
      .where((eb) => eb.or([eb('blocked_id', '=', conn.userId), eb('blocker_id', '=', conn.userId)]))
      .execute();
    const exclude = rows.map((r) => (r.blocker_id === conn.userId ? r.blocked_id : r.blocker_id));
    const notice: TypingNotice = { frame: { type: 'typing', conversationId, userId: conn.userId, stopped }, exclude };
    this.ctx.broker.publish(TYPING_SUBJECT, notice);
  }

  private deliver({ frame, exclude }: TypingNotice): void {
    const members = this.router.localMembers(frame.conversationId);
    if (members.size === 0) return;
    const skip = new Set(exclude);
    for (const u of members) {
      if (u === frame.userId || skip.has(u)) continue;
      for (const c of this.router.connectionsOf(u)) c.send(frame);
    }
  }

  close(): void {
    this.unsubscribe();
  }
}
