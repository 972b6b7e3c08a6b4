// Contacts: a user's own list of other users, optionally with a name they chose. Private to the
// user; each change appends contact.saved / contact.removed to the user's stream so every device
// of theirs agrees. Presence visibility ("contacts") reads it too.
import type { Contact, SaveContactRequest } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireOtherUser } from './users-exist.js';

type Row = DB['contacts'];
const toContact = (r: Row): Contact => ({ userId: r.contact_id, name: r.name, addedAt: r.added_at });

export async function listContacts(db: Kysely<DB>, userId: string): Promise<Contact[]> {
  const rows = await db
    .selectFrom('contacts')
    .selectAll()
    .where('owner_id', '=', userId)
    .orderBy('contact_id')
    .execute();
  return rows.map(toContact);
}

/** Adds a contact, or renames one (a name left out keeps the current one). */
export async function saveContact(ctx: AppContext, auth: AuthContext, input: SaveContactRequest): Promise<Contact> {
  await requireOtherUser(ctx.storage.read, auth.userId, input.userId);
  const { value } = await ctx.storage.write(
    async (tx) => {
      const now = nowIso();
      const existing = await tx.db
        .selectFrom('contacts')
        .selectAll()
        .where('owner_id', '=', auth.userId)
        .where('contact_id', '=', input.userId)
        .executeTakeFirst();
      const row: Row = {
        owner_id: auth.userId,
        contact_id: input.userId,
        name: input.name !== undefined ? input.name : (existing?.name ?? null),
        added_at: existing?.added_at ?? now,
      };
      if (existing && existing.name === row.name) return toContact(existing);
      if (existing) {
        await tx.db
          .updateTable('contacts')
          .set({ name: row.name })
          .where('owner_id', '=', auth.userId)
          .where('contact_id', '=', input.userId)
          .execute();
      } else {
        await tx.db.insertInto('contacts').values(row).execute();
      }
      const contact = toContact(row);
      await tx.append({ type: 'contact.saved', at: now, contact }, { userId: auth.userId });
      return contact;
    },
    { lock: [`user:${auth.userId}`] },
  );
  return value;
}

/** Removes a contact; not_found when the user is not one. */
export async function removeContact(ctx: AppContext, auth: AuthContext, userId: string): Promise<void> {
  await ctx.storage.write(
    async (tx) => {
      const r = await tx.db
        .deleteFrom('contacts')
        .where('owner_id', '=', auth.userId)
        .where('contact_id', '=', userId)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new ApiError('not_found', 'no such contact');
      await tx.append({ type: 'contact.removed', at: nowIso(), userId }, { userId: auth.userId });
    },
    { lock: [`user:${auth.userId}`] },
  );
}
