// Searching messages (the route's action) and the calls other modules make to keep the index
// current: indexMessage in the send transaction, onMessageEdited and onMessagesDeleted from the
// edit and delete actions, in their transactions.
import type { Message, SearchQuery, SearchResponse } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireMember } from '../conversations/queries.js';
import { messagesByIds } from '../messages/queries.js';
import { queryTerms } from './fold.js';
import { searchIndexFor } from './search-index-for.js';

/** Indexes a new message; call inside the transaction that stores it. */
export function indexMessage(ctx: AppContext, db: Kysely<DB>, message: Message): Promise<void> {
  return searchIndexFor(ctx.storage.dialect).add(db, [message]);
}

/** Call in the transaction of an edit: the message is found by its new text (and keeps its rank). */
export function onMessageEdited(ctx: AppContext, db: Kysely<DB>, messageId: string, text: string): Promise<void> {
  return searchIndexFor(ctx.storage.dialect).edited(db, messageId, text);
}

/** Call in the transaction of a delete for everyone (or an expiry): the messages are no longer found. */
export function onMessagesDeleted(ctx: AppContext, db: Kysely<DB>, messageIds: string[]): Promise<void> {
  return searchIndexFor(ctx.storage.dialect).deleted(db, messageIds);
}

const CURSOR_PREFIX = 's1.';
const encodeCursor = (position: number) => Buffer.from(`${CURSOR_PREFIX}${position}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const n = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(n) || n < 1) {
    throw new ApiError('invalid_cursor', 'before is not a cursor from a previous search page');
  }
  return n;
}

export async function searchMessages(ctx: AppContext, auth: AuthContext, q: SearchQuery): Promise<SearchResponse> {
  const terms = queryTerms(q.q);
  if (terms.length === 0) {
    throw new ApiError('search_query_too_short', 'search for at least one word of 3 or more characters');
  }
  const before = q.before !== undefined ? decodeCursor(q.before) : undefined;
  const db = ctx.storage.read;
  if (q.conversationId !== undefined) await requireMember(db, q.conversationId, auth.userId);
  const hits = await searchIndexFor(ctx.storage.dialect).search(db, {
    userId: auth.userId,
    terms,
    ...(q.conversationId !== undefined ? { conversationId: q.conversationId } : {}),
    ...(before !== undefined ? { before } : {}),
    limit: q.limit + 1,
  });
  const page = hits.slice(0, q.limit);
  const byId = new Map(
    (
      await messagesByIds(
        db,
        page.map((h) => h.messageId),
      )
    ).map((m) => [m.id, m]),
  );
  return {
    messages: page.flatMap((h) => byId.get(h.messageId) ?? []),
    nextCursor: hits.length > q.limit ? encodeCursor(page[page.length - 1]!.position) : null,
  };
}
