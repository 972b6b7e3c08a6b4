// A user's own avatar: uploaded as a raw image, removed, and fetched by any signed-in user. A
// change is a user.updated event, like a profile change.
import type { User } from '@anytime/protocol';
import { sql } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { requireAvatarImage } from '../../http/avatar-image.js';
import { ApiError } from '../../http/errors.js';
import type { AuthContext } from './tokens.js';
import { toUser, userColumns } from './users.js';

/** Stores a new avatar for the signed-in user (or removes it, bytes null). */
export async function setUserAvatar(ctx: AppContext, auth: AuthContext, bytes: Buffer | null): Promise<User> {
  const contentType = bytes ? requireAvatarImage(bytes).contentType : null;
  const { value } = await ctx.storage.write(
    async (tx) => {
      const load = async () =>
        toUser(
          await tx.db.selectFrom('users').select(userColumns).where('id', '=', auth.userId).executeTakeFirstOrThrow(),
        );
      const existing = await tx.db
        .selectFrom('user_avatars')
        .select('data')
        .where('user_id', '=', auth.userId)
        .executeTakeFirst();
      // Removing no avatar, or uploading the same bytes again (a retry), changes nothing.
      const same = bytes && existing ? Buffer.from(existing.data).equals(bytes) : !bytes && !existing;
      if (same) return load();
      const now = nowIso();
      if (bytes && contentType) {
        const row = { user_id: auth.userId, content_type: contentType, data: bytes, updated_at: now };
        if (existing) {
          await tx.db.updateTable('user_avatars').set(row).where('user_id', '=', auth.userId).execute();
        } else {
          await tx.db.insertInto('user_avatars').values(row).execute();
        }
      } else {
        await tx.db.deleteFrom('user_avatars').where('user_id', '=', auth.userId).execute();
      }
      await tx.db
        .updateTable('users')
        // Positive while there is an avatar; it never repeats, so each avatar has its own URL.
        .set({
          avatar_version: bytes ? sql<number>`abs(avatar_version) + 1` : sql<number>`-abs(avatar_version)`,
          updated_at: now,
        })
        .where('id', '=', auth.userId)
        .execute();
      const user = await load();
      await tx.append({ type: 'user.updated', at: now, user }, { userId: auth.userId });
      return user;
    },
    { lock: [`user:${auth.userId}`] },
  );
  return value;
}

/** The user's stored avatar; not_found when they have none. */
export async function getUserAvatar(ctx: AppContext, userId: string): Promise<{ content_type: string; data: Buffer }> {
  const avatar = await ctx.storage.read
    .selectFrom('user_avatars')
    .select(['content_type', 'data'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!avatar) throw new ApiError('not_found', 'this user has no avatar');
  return avatar;
}
