// Reading and changing a user's settings. Changing them appends settings.updated to the user's
// own stream, so every device of theirs agrees; other modules read them with settingsOf.
import { DEFAULT_SETTINGS, type UpdateSettingsRequest, type UserSettings } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import type { DB } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';

/** Settings of many users at once (defaults for those who never changed any). */
export async function settingsOfMany(db: Kysely<DB>, userIds: string[]): Promise<Map<string, UserSettings>> {
  const out = new Map<string, UserSettings>(userIds.map((id) => [id, DEFAULT_SETTINGS]));
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('user_settings')
      .selectAll()
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      out.set(r.user_id, {
        readReceipts: r.read_receipts === 1,
        lastSeen: r.last_seen,
        notificationPreviews: r.notification_previews === 1,
      });
    }
  }
  return out;
}

export async function settingsOf(db: Kysely<DB>, userId: string): Promise<UserSettings> {
  return (await settingsOfMany(db, [userId])).get(userId)!;
}

export async function updateSettings(
  ctx: AppContext,
  auth: AuthContext,
  input: UpdateSettingsRequest,
): Promise<UserSettings> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      const now = nowIso();
      const settings: UserSettings = { ...(await settingsOf(tx.db, auth.userId)), ...input };
      const row = {
        read_receipts: settings.readReceipts ? 1 : 0,
        last_seen: settings.lastSeen,
        notification_previews: settings.notificationPreviews ? 1 : 0,
        updated_at: now,
      };
      await tx.db
        .insertInto('user_settings')
        .values({ user_id: auth.userId, ...row })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
        .execute();
      await tx.append({ type: 'settings.updated', at: now, settings }, { userId: auth.userId });
      return settings;
    },
    { lock: [`user:${auth.userId}`] },
  );
  return value;
}
