// Who may see whose presence, as WhatsApp does it: each user's lastSeen setting (everyone /
// contacts: people in their contacts / nobody) decides whom they share with, symmetrically
// (you see someone's only if you share yours with them too), and never between users where
// either blocked the other. Computed in a few batched queries, never one per user.
import type { Presence, UserSettings } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { blockedEitherWay } from '../safety/blocks.js';
import { settingsOfMany } from '../settings/settings.js';

/** A user's actual state, before privacy: online, or offline since lastSeenAt. */
export interface PresenceState {
  userId: string;
  online: boolean;
  lastSeenAt: string | null;
}

export const hidden = (userId: string): Presence => ({ userId, status: 'hidden', lastSeenAt: null });

export function shown(s: PresenceState): Presence {
  return s.online
    ? { userId: s.userId, status: 'online', lastSeenAt: null }
    : { userId: s.userId, status: 'offline', lastSeenAt: s.lastSeenAt };
}

/** Whether someone's lastSeen rule shares with a person (who may be in their contacts). */
const shares = (rule: UserSettings['lastSeen'], inContacts: boolean) =>
  rule === 'everyone' || (rule === 'contacts' && inContacts);

/**
 * Two users see each other's presence when each one's lastSeen setting shares with the other
 * (symmetric, as WhatsApp: who hides theirs from you does not see yours, and the other way round)
 * and neither blocked the other. Checks `one` against each of `others` in four batched queries.
 */
export async function mutuallyVisible(db: Kysely<DB>, one: string, others: string[]): Promise<Set<string>> {
  const [settings, blocked, oneHas, haveOne] = await Promise.all([
    settingsOfMany(db, [one, ...others]),
    blockedEitherWay(db, one, others),
    contactsAmong(db, one, others),
    inContactsOf(db, one, others),
  ]);
  const mine = settings.get(one)!.lastSeen;
  return new Set(
    others.filter(
      (o) =>
        o === one ||
        (!blocked.has(o) && shares(mine, oneHas.has(o)) && shares(settings.get(o)!.lastSeen, haveOne.has(o))),
    ),
  );
}

/** Of `owners`, those who have `userId` in their contacts. */
async function inContactsOf(db: Kysely<DB>, userId: string, owners: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < owners.length; i += 500) {
    const rows = await db
      .selectFrom('contacts')
      .select('owner_id')
      .where('contact_id', '=', userId)
      .where('owner_id', 'in', owners.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(r.owner_id);
  }
  return out;
}

/** Of `users`, those in `owner`'s contacts. */
async function contactsAmong(db: Kysely<DB>, owner: string, users: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < users.length; i += 500) {
    const rows = await db
      .selectFrom('contacts')
      .select('contact_id')
      .where('owner_id', '=', owner)
      .where('contact_id', 'in', users.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(r.contact_id);
  }
  return out;
}
