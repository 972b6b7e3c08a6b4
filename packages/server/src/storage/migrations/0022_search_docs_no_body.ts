// Migration 0022: search_docs.body goes. It held each indexed message's folded text, sealed at
// rest, so that candidates found by their blind terms could be confirmed; the message row's own
// text (sealed under the same conversation key) serves for that (modules/search/blind-index.ts),
// which saves a second seal and a second copy of every message's text. The message's text is
// also always its current one, so an edit or a deletion not yet applied to the index is never
// confirmed against the old text.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await sql`ALTER TABLE search_docs DROP COLUMN body`.execute(db);
}
