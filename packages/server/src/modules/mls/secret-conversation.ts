// Access to a secret chat: the caller must be a member (else not_found, as for any conversation
// they may not see) and the conversation must be an MLS one (else not_secret_conversation).
import type { Kysely } from 'kysely';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';
import { requireMember } from '../conversations/queries.js';

export async function requireSecretMember(db: Kysely<DB>, conversationId: string, userId: string) {
  const member = await requireMember(db, conversationId, userId);
  const group = await db
    .selectFrom('mls_groups')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (!group) throw new ApiError('not_secret_conversation', 'this conversation is not a secret chat');
  return { member, group };
}

/** The devices that should be leaves of the group: every device with a bundle of every member. */
export async function expectedDevices(db: Kysely<DB>, conversationId: string) {
  return db
    .selectFrom('members')
    .innerJoin('device_keys', 'device_keys.user_id', 'members.user_id')
    .innerJoin('devices', 'devices.id', 'device_keys.device_id')
    .select(['members.user_id as userId', 'device_keys.device_id as deviceId'])
    .where('members.conversation_id', '=', conversationId)
    .where('devices.revoked_at', 'is', null)
    .orderBy('members.user_id')
    .orderBy('device_keys.device_id')
    .execute();
}
