// Who may see a media item: its uploader, or a member of a conversation where a message carrying
// it was sent after they joined (and is not deleted). Everyone else gets 404, as if it did not exist.
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';

/** The ids among `ids` that `userId` may see. */
export async function visibleMediaIds(db: Kysely<DB>, userId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const own = await db
    .selectFrom('media')
    .select('id')
    .where('id', 'in', ids)
    .where('uploader_id', '=', userId)
    .execute();
  const out = new Set(own.map((r) => r.id));
  const rest = ids.filter((id) => !out.has(id));
  if (rest.length === 0) return out;
  const shared = await db
    .selectFrom('message_media as mm')
    .innerJoin('members as m', (j) => j.onRef('m.conversation_id', '=', 'mm.conversation_id'))
    .innerJoin('messages as msg', 'msg.id', 'mm.message_id')
    .select('mm.media_id')
    .distinct()
    .where('mm.media_id', 'in', rest)
    .where('m.user_id', '=', userId)
    .whereRef('mm.seq', '>=', 'm.joined_seq')
    .where('msg.deleted_at', 'is', null)
    .execute();
  for (const r of shared) out.add(r.media_id);
  return out;
}

export async function canSeeMedia(db: Kysely<DB>, userId: string, id: string): Promise<boolean> {
  return (await visibleMediaIds(db, userId, [id])).has(id);
}
