// Searching messages (the route's action). The index is kept current from the event log by
// indexer.ts, shortly after each commit.
import type { SearchQuery, SearchResponse } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireMember } from '../conversations/queries.js';
import { messagesByIds } from '../messages/queries.js';
import { queryTerms } from './fold.js';
import { searchIndexFor } from './search-index-for.js';

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
  const hits = await searchIndexFor(ctx.storage).search(db, {
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
