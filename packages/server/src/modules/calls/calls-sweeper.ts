// The durable clock of calls, run by every node (like the message-expiry sweeper): calls whose
// ringing ran out (ring_until in the row) stop ringing or end as a timeout, and devices whose
// socket closed more than CALL_RECONNECT_SECONDS ago leave their call. Both are decided from the
// database under the call's lock, so it happens once whichever node notices first, and also
// when the caller's node died.
import type { AppContext } from '../../context.js';
import { dropDevices, ringTimeout, type CallChange } from './call-actions.js';

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
  return changed;
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
