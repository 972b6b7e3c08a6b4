// Expiry of sealed secrets: at expiresAt every envelope of the message is deleted and the message
// changes to state "expired" (message.updated), so no device can open it any more. Runs every
// EXPIRY_SWEEP_INTERVAL_MS on each node; per message, a transaction under the conversation's lock
// re-reads the state, so two nodes never expire the same message twice.
import type { SealedSummary } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import { startPeriodicSweep, type Sweeper } from '../message-actions/periodic-sweep.js';
import { commitMessageChange } from '../message-actions/timeline.js';

const BATCH = 200;

async function expireOne(ctx: AppContext, messageId: string, conversationId: string, now: string): Promise<boolean> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      const meta = await tx.db
        .selectFrom('sealed_messages')
        .select(['state', 'expires_at'])
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      if (!meta || meta.state !== 'sealed' || meta.expires_at === null || meta.expires_at > now) return false;
      await tx.db.deleteFrom('sealed_envelopes').where('message_id', '=', messageId).execute();
      await tx.db
        .updateTable('sealed_messages')
        .set({ state: 'expired' })
        .where('message_id', '=', messageId)
        .execute();
      const row = await tx.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
      if (row?.sealed) {
        const summary = JSON.parse(row.sealed) as SealedSummary;
        await commitMessageChange(tx, row, { sealed: JSON.stringify({ ...summary, state: 'expired' }) });
      }
      return true;
    },
    { lock: [`conv:${conversationId}`] },
  );
  return value;
}

/** Expires every sealed secret due at `now`; returns how many. */
export async function sweepSealed(ctx: AppContext, now: Date): Promise<number> {
  const at = now.toISOString();
  let expired = 0;
  for (;;) {
    const due = await ctx.storage.read
      .selectFrom('sealed_messages')
      .select(['message_id', 'conversation_id'])
      .where('state', '=', 'sealed')
      .where('expires_at', '<=', at)
      .limit(BATCH)
      .execute();
    let round = 0;
    for (const d of due) if (await expireOne(ctx, d.message_id, d.conversation_id, at)) round += 1;
    expired += round;
    if (due.length < BATCH || round === 0) return expired;
  }
}

export function startSealedSweeper(ctx: AppContext): Sweeper {
  return startPeriodicSweep(ctx, 'sealed expiry sweep', sweepSealed);
}
