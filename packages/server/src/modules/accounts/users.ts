// Reading users and mapping rows to the protocol's User.
import type { User } from '@anytime/protocol';
import { sql, type Selectable } from 'kysely';
import type { Storage } from '../../storage/storage.js';
import type { UsersTable } from '../../storage/schema.js';
import { ApiError } from '../../http/errors.js';

export const userColumns = ['id', 'username', 'display_name', 'about', 'created_at', 'avatar_version'] as const;

export function toUser(r: Pick<Selectable<UsersTable>, (typeof userColumns)[number]>): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    about: r.about,
    avatarUrl: r.avatar_version > 0 ? `/v1/users/${r.id}/avatar?v=${r.avatar_version}` : null,
    createdAt: r.created_at,
  };
}

export async function getUser(storage: Storage, id: string): Promise<User> {
  const row = await storage.read.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('not_found', 'no such user');
  return toUser(row);
}

/** Usernames starting with prefix (compared literally, `_` is no wildcard), in order. */
export async function searchUsers(storage: Storage, prefix: string, limit: number): Promise<User[]> {
  const rows = await storage.read
    .selectFrom('users')
    .select(userColumns)
    .where(sql<boolean>`substr(username, 1, ${prefix.length}) = ${prefix}`)
    .orderBy('username')
    .limit(limit)
    .execute();
  return rows.map(toUser);
}
