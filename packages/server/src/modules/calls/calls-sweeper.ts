// The durable clock of calls, run by every node (like the message-expiry sweeper): calls whose
// ringing ran out (ring_until in the row) stop ringing or end as a timeout, and devices whose
// socket closed more than CALL_RECONNECT_SECONDS ago leave their call. Both are decided from the
// database under the call's lock, so it happens once whichever node notices first, and also
// when the caller's node died. A device whose node died (its presence row went stale) counts as
// disconnected, so it leaves after the grace too. Calls whose media never connected, or stayed
// failed, end as 'failed' (media-failure.ts).
import type { AppContext } from '../../context.js';
import { dropDevices, ringTimeout, type CallChange } from './call-actions.js';
import { failIfMediaDead, mediaDeadCandidates } from './media-failure.js';

const BATCH = 100;

export interface Sweeper {
  stop(): Promise<void>;
}

/** One sweep at `now`; reports every change (to announce). Returns how many calls changed. */
export async function sweepCalls(
  ctx: AppContext,
  now: Date,
  report: (c: CallChange) => Promise<void>,
): Promise<number> {
  const at = now.toISOString();
  const db = ctx.storage.read;
  let changed = 0;
  const rang = await db
    .selectFrom('calls as c')
    .select('c.id')
    .where('c.status', '<>', 'ended')
    .where('c.ring_until', '<=', at)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('call_rung as r')
          .select('r.call_id')
          .whereRef('r.call_id', '=', 'c.id')
          .where('r.state', '=', 'ringing'),
      ),
    )
    .limit(BATCH)
    .execute();
  for (const { id } of rang) {
    await report(await ringTimeout(ctx, id));
    changed += 1;
  }
  await markDeadNodes(ctx, now);
  const cutoff = new Date(now.getTime() - ctx.config.CALL_RECONNECT_SECONDS * 1000).toISOString();
  const gone = await db
    .selectFrom('call_participants')
    .select(['call_id', 'device_id'])
    .where('left_at', 'is', null)
    .where('disconnected_at', 'is not', null)
    .where('disconnected_at', '<=', cutoff)
    .limit(BATCH)
    .execute();
  const byCall = new Map<string, string[]>();
  for (const g of gone) byCall.set(g.call_id, [...(byCall.get(g.call_id) ?? []), g.device_id]);
  for (const [callId, devices] of byCall) {
    await report(await dropDevices(ctx, callId, devices, cutoff));
    changed += 1;
  }
  for (const callId of await mediaDeadCandidates(ctx, now)) {
    const c = await failIfMediaDead(ctx, callId, now);
    if (!c.ended) continue;
    await report(c);
    changed += 1;
  }
  return changed;
}

/**
 * Devices carried by a node that died never see their socket close: a node refreshes its users'
 * presence rows every PRESENCE_REFRESH_MS, so a device in a call whose node has not refreshed
 * its user's row for three periods counts as disconnected now (the reconnect grace follows).
 */
async function markDeadNodes(ctx: AppContext, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - 3 * ctx.config.PRESENCE_REFRESH_MS).toISOString();
  const orphans = await ctx.storage.read
    .selectFrom('call_participants as p')
    .select(['p.call_id', 'p.device_id', 'p.node_id'])
    .where('p.left_at', 'is', null)
    .where('p.disconnected_at', 'is', null)
    .where('p.node_id', 'is not', null)
    .where('p.joined_at', '<', stale)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('presence as pr')
            .select('pr.user_id')
            .whereRef('pr.user_id', '=', 'p.user_id')
            .whereRef('pr.node_id', '=', 'p.node_id')
            .where('pr.alive_at', '>=', stale),
        ),
      ),
    )
    .limit(BATCH)
    .execute();
  if (orphans.length === 0) return;
  const at = now.toISOString();
  await ctx.storage.write(async (tx) => {
    for (const o of orphans) {
      await tx.db
        .updateTable('call_participants')
        .set({ disconnected_at: at })
        .where('call_id', '=', o.call_id)
        .where('device_id', '=', o.device_id)
        .where('node_id', '=', o.node_id)
        .where('disconnected_at', 'is', null)
        .execute();
    }
  });
}

export function startCallSweeper(ctx: AppContext, report: (c: CallChange) => Promise<void>): Sweeper {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = sweepCalls(ctx, new Date(), report)
      .catch((err: unknown) => ctx.log.error({ err }, 'call sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, ctx.config.CALL_SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
