// Message search: across all of the user's conversations or within one, newest first, paged
// with an opaque cursor. Matching is by substring (prefix and infix) with accents and case folded.
import { z } from 'zod';
import { Cursor, Id, QueryInt } from './common.js';
import { LIMITS } from './limits.js';
import { Message } from './messages.js';

export const SearchQuery = z.strictObject({
  q: z
    .string()
    .min(1, 'q must not be empty')
    .max(LIMITS.searchQueryMax, `q must be at most ${LIMITS.searchQueryMax} characters`)
    .meta({
      description:
        'Words to find, each as a substring (at least 3 characters after folding; shorter words are ignored ' +
        'when a longer one is present). All words must match.',
    }),
  conversationId: Id.optional().meta({ description: 'Only this conversation (404 when not a member).' }),
  before: Cursor.optional().meta({ description: 'The nextCursor of the previous page.' }),
  limit: QueryInt(1, LIMITS.searchPageMax).default(LIMITS.searchPageDefault),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchResponse = z
  .object({
    /** Matching messages, most recent first. */
    messages: z.array(Message),
    /** Pass as `before` for the next (older) page; null when there is none. */
    nextCursor: Cursor.nullable(),
  })
  .meta({ id: 'SearchResponse' });
export type SearchResponse = z.infer<typeof SearchResponse>;
