// Reading users' own conversation states: rows to protocol objects, with the unread count
// computed from the messages (never stored: keeping a counter per member current would cost a
// write per member on every send in a 10,000-member group).
//
// What counts as unread, on the server and in the SDK's reducer alike: every message from
// someone else with seq > readSeq, since the user joined. System timeline items are not
// messages and do not count; a message later deleted keeps counting (it stays in the timeline
// as a tombstone). Sending does not move the read position; reading does. Unread mentions are
// the unread messages that mention the user or everyone (message_mentions rows, which a delete
// for everyone and an edit rewrite).
//
// Secret chats (MLS) use the same read position: their entries take seqs from the same counter
// (conversations.last_seq), so readSeq means the same in both. Their unread messages are the
// urgent application messages from someone else with seq > readSeq, after the user joined:
// not commits, not reactions or edits (sent as not urgent), not messages deleted for everyone
// (the entry becomes kind `deleted`). The server cannot read them, so they never count as
// mentions.
import { defaultConversationState, type ConversationState, type MutedUntil } from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { ConversationStatesTable, DB } from '../../storage/schema.js';
import { secretUnreadCounts } from '../mls/unread.js';

export type StateRow = Selectable<ConversationStatesTable>;

export function toState(
  conversationId: string,
  r: StateRow | undefined,
  unreadCount: number,
  unreadMentions: number,
): ConversationState {
  if (!r) return { ...defaultConversationState(conversationId), unreadCount, unreadMentions };
  return {
    conversationId,
    readSeq: r.read_seq,
    unreadCount,
    unreadMentions,
    mutedUntil: r.muted_until as MutedUntil,
    archived: r.archived === 1,
    pinnedAt: r.pinned_at,
    draft: r.draft_text !== null ? { text: r.draft_text, updatedAt: r.draft_updated_at! } : null,
    version: r.version,
  };
}

/** The user's state rows of these conversations (missing: never touched). */
export async function stateRows(db: Kysely<DB>, userId: string, conversationIds: string[]) {
  const out = new Map<string, StateRow>();
  for (let i = 0; i < conversationIds.length; i += 500) {
    const rows = await db
      .selectFrom('conversation_states')
      .selectAll()
      .where('user_id', '=', userId)
      .where('conversation_id', 'in', conversationIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.conversation_id, r);
  }
  return out;
}

/**
 * Unread counts of the user in these conversations, one statement per 500 conversations: a
 * range scan of the unique (conversation_id, seq) index from the read position on.
 */
export async function unreadCounts(db: Kysely<DB>, userId: string, conversationIds: string[]) {
  const out = new Map<string, number>(conversationIds.map((id) => [id, 0]));
  for (let i = 0; i < conversationIds.length; i += 500) {
    const rows = await db
      .selectFrom('messages as m')
      .innerJoin('members as mem', (j) =>
        j.onRef('mem.conversation_id', '=', 'm.conversation_id').on('mem.user_id', '=', userId),
      )
      .leftJoin('conversation_states as s', (j) =>
        j.onRef('s.conversation_id', '=', 'm.conversation_id').on('s.user_id', '=', userId),
      )
      .select((eb) => ['m.conversation_id', eb.fn.countAll<number | string>().as('n')])
      .where('m.conversation_id', 'in', conversationIds.slice(i, i + 500))
      .where('m.sender_id', '<>', userId)
      // System items ("Alice added Bob") are part of the timeline but not unread messages.
      .where('m.system', 'is', null)
      .whereRef('m.seq', '>=', 'mem.joined_seq')
      .where((eb) => eb('m.seq', '>', eb.fn.coalesce('s.read_seq', eb.lit(0))))
      .groupBy('m.conversation_id')
      .execute();
    for (const r of rows) out.set(r.conversation_id, Number(r.n));
    for (const r of await secretUnreadCounts(db, userId, conversationIds.slice(i, i + 500))) {
      out.set(r.conversation_id, (out.get(r.conversation_id) ?? 0) + Number(r.n));
    }
  }
  return out;
}

/**
 * Unread mentions of the user (by name or @all) in these conversations, one statement per 500
 * conversations: the mention rows after the read position, from messages of others.
 */
export async function unreadMentionCounts(db: Kysely<DB>, userId: string, conversationIds: string[]) {
  const out = new Map<string, number>(conversationIds.map((id) => [id, 0]));
  for (let i = 0; i < conversationIds.length; i += 500) {
    const rows = await db
      .selectFrom('message_mentions as mm')
      .innerJoin('messages as m', 'm.id', 'mm.message_id')
      .innerJoin('members as mem', (j) =>
        j.onRef('mem.conversation_id', '=', 'mm.conversation_id').on('mem.user_id', '=', userId),
      )
      .leftJoin('conversation_states as s', (j) =>
        j.onRef('s.conversation_id', '=', 'mm.conversation_id').on('s.user_id', '=', userId),
      )
      .select((eb) => ['mm.conversation_id', eb.fn.count<number | string>('mm.message_id').distinct().as('n')])
      .where('mm.conversation_id', 'in', conversationIds.slice(i, i + 500))
      .where('mm.user_id', 'in', [userId, '*'])
      .where('m.sender_id', '<>', userId)
      .where('m.deleted_at', 'is', null)
      .whereRef('mm.seq', '>=', 'mem.joined_seq')
      .where((eb) => eb('mm.seq', '>', eb.fn.coalesce('s.read_seq', eb.lit(0))))
      .groupBy('mm.conversation_id')
      .execute();
    for (const r of rows) out.set(r.conversation_id, Number(r.n));
  }
  return out;
}

/** The user's states of these conversations, in the same order. */
export async function loadStates(db: Kysely<DB>, userId: string, conversationIds: string[]) {
  // One after the other: inside a write both run on the transaction's one connection.
  const rows = await stateRows(db, userId, conversationIds);
  const counts = await unreadCounts(db, userId, conversationIds);
  const mentions = await unreadMentionCounts(db, userId, conversationIds);
  return conversationIds.map((id) => toState(id, rows.get(id), counts.get(id) ?? 0, mentions.get(id) ?? 0));
}

export async function loadState(db: Kysely<DB>, userId: string, conversationId: string) {
  return (await loadStates(db, userId, [conversationId]))[0]!;
}
