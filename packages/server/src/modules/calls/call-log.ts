// The call log: the calls a user placed, was rung for or was in, newest first, paged by id
// (ids are time-ordered UUIDv7, so "before this call" is "id less than").
import type { Call, CallListQuery } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import { loadCallRecords, toCall } from './rows.js';

export async function listCalls(ctx: AppContext, userId: string, q: CallListQuery): Promise<Call[]> {
  const db = ctx.storage.read;
  const rows = await db
    .selectFrom('calls as c')
    .select('c.id')
    .where((eb) =>
      eb.or([
        eb('c.caller_id', '=', userId),
        eb.exists(
          eb
            .selectFrom('call_rung as r')
            .select('r.call_id')
            .whereRef('r.call_id', '=', 'c.id')
            .where('r.user_id', '=', userId),
        ),
        eb.exists(
          eb
            .selectFrom('call_participants as p')
            .select('p.call_id')
            .whereRef('p.call_id', '=', 'c.id')
            .where('p.user_id', '=', userId),
        ),
      ]),
    )
    .$if(q.beforeId !== undefined, (qb) => qb.where('c.id', '<', q.beforeId!))
    .orderBy('c.id', 'desc')
    .limit(q.limit)
    .execute();
  return (
    await loadCallRecords(
      db,
      rows.map((r) => r.id),
    )
  ).map(toCall);
}
