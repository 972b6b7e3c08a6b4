// The check every safety action starts with: the other user exists and is not the caller.
import type { Kysely } from 'kysely';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';

export async function requireOtherUser(db: Kysely<DB>, me: string, userId: string): Promise<void> {
  if (userId === me) throw new ApiError('self_target', 'you cannot do this to yourself');
  const row = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!row) throw new ApiError('not_found', 'no such user');
}
