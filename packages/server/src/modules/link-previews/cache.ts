// The link preview cache, by URL, in the database (shared by every node): previews for
// LINK_PREVIEW_TTL_SECONDS, failures briefly so a broken link is not fetched on every keystroke.
import type { ErrorCode, LinkPreview } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../storage/schema.js';

export type Cached = { preview: LinkPreview } | { error: ErrorCode };

/** Most seconds a failure is kept. */
const FAILURE_TTL_MAX = 600;
/** Expired rows removed along with each write, so the table does not grow without end. */
const PRUNE_BATCH = 20;

export async function readCache(db: Kysely<DB>, url: string, now = new Date()): Promise<Cached | null> {
  const row = await db
    .selectFrom('link_previews')
    .select(['preview', 'error'])
    .where('url', '=', url)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (!row) return null;
  return row.preview ? { preview: JSON.parse(row.preview) as LinkPreview } : { error: row.error as ErrorCode };
}

export async function writeCache(db: Kysely<DB>, config: Config, url: string, value: Cached): Promise<void> {
  const now = new Date();
  const ttl =
    'preview' in value
      ? config.LINK_PREVIEW_TTL_SECONDS
      : Math.min(FAILURE_TTL_MAX, Math.ceil(config.LINK_PREVIEW_TTL_SECONDS / 10));
  const row = {
    preview: 'preview' in value ? JSON.stringify(value.preview) : null,
    error: 'error' in value ? value.error : null,
    fetched_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ttl * 1000).toISOString(),
  };
  await db
    .insertInto('link_previews')
    .values({ url, ...row })
    .onConflict((oc) => oc.column('url').doUpdateSet(row))
    .execute();
  const expired = db
    .selectFrom('link_previews')
    .select('url')
    .where('expires_at', '<=', now.toISOString())
    .limit(PRUNE_BATCH);
  await db.deleteFrom('link_previews').where('url', 'in', expired).execute();
}
