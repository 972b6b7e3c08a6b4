// Link previews: the route's action (cache first, then one guarded fetch per URL at a time on
// this node), the preview a message gets at send time when its first link was already previewed
// (clients ask while composing), and attaching a preview fetched after the send to the message
// with a timeline event (message.link_preview).
import type { LinkPreview, Message } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { checkUrl, OutboundRefused } from '../../outbound/guarded-request.js';
import type { DB } from '../../storage/schema.js';
import { readCache, writeCache, type Cached } from './cache.js';
import { fetchPreview, previewGuard } from './fetch-page.js';
import { cacheKeyOf, firstUrlIn } from './first-url.js';

/** Fetches under way, per server (tests run several in one process), by URL. */
const inFlightOf = new WeakMap<AppContext, Map<string, Promise<Cached>>>();

/** The cached or freshly fetched preview of a URL (the failure, when it failed). */
async function previewOf(ctx: AppContext, key: string): Promise<Cached> {
  const cached = await readCache(ctx.storage.read, key);
  if (cached) return cached;
  let inFlight = inFlightOf.get(ctx);
  if (!inFlight) inFlightOf.set(ctx, (inFlight = new Map()));
  const flights = inFlight;
  let p = flights.get(key);
  if (!p) {
    p = (async (): Promise<Cached> => {
      let result: Cached;
      try {
        result = { preview: await fetchPreview(ctx, key) };
      } catch (e) {
        result = { error: e instanceof OutboundRefused ? 'url_not_allowed' : 'preview_unavailable' };
      }
      await ctx.storage.write((tx) => writeCache(tx.db, ctx.config, key, result));
      return result;
    })().finally(() => flights.delete(key));
    flights.set(key, p);
  }
  return p;
}

export async function getLinkPreview(ctx: AppContext, url: string): Promise<LinkPreview> {
  const key = cacheKeyOf(url);
  try {
    checkUrl(new URL(key), previewGuard(ctx));
  } catch (e) {
    if (e instanceof OutboundRefused) throw new ApiError('url_not_allowed', `no preview for this URL: ${e.message}`);
    throw e;
  }
  const r = await previewOf(ctx, key);
  if ('preview' in r) return r.preview;
  throw new ApiError(
    r.error,
    r.error === 'url_not_allowed' ? 'no preview for this URL' : 'the page could not be previewed',
  );
}

/**
 * The stored form of the preview a new message gets at once: its first link's cached preview,
 * or null (then previewAfterSend fetches it). Call in the send transaction.
 */
export async function linkPreviewForSend(db: Kysely<DB>, text: string): Promise<string | null> {
  const url = firstUrlIn(text);
  if (!url) return null;
  const cached = await readCache(db, url);
  return cached && 'preview' in cached ? JSON.stringify(cached.preview) : null;
}

/**
 * After a message without a preview commits: fetch its first link and, when there is a
 * preview, store it on the message and append message.link_preview (the conversation's next
 * seq). Runs off the request path; failures only leave the message without a preview.
 */
export async function previewAfterSend(ctx: AppContext, message: Message): Promise<void> {
  const url = message.linkPreview ? null : firstUrlIn(message.text);
  if (!url) return;
  try {
    checkUrl(new URL(url), previewGuard(ctx));
  } catch {
    return;
  }
  const r = await previewOf(ctx, url);
  if (!('preview' in r)) return;
  await attachPreview(ctx, message, r.preview);
}

async function attachPreview(ctx: AppContext, message: Message, linkPreview: LinkPreview): Promise<void> {
  const conversationId = message.conversationId;
  await ctx.storage.write(
    async (tx) => {
      // Only while the message still has no preview (an edit or a delete may have come first:
      // the edit and delete work should clear link_preview / remove the row, then this is a no-op).
      // The text is compared here, not in SQL: it is sealed at rest (modules/at-rest).
      const current = await tx.db
        .selectFrom('messages')
        .select(['text', 'link_preview'])
        .where('id', '=', message.id)
        .executeTakeFirst();
      if (!current || current.link_preview != null || current.text !== message.text) return;
      await tx.db
        .updateTable('messages')
        .set({ link_preview: JSON.stringify(linkPreview) })
        .where('id', '=', message.id)
        .execute();
      const taken = await tx.db
        .updateTable('conversations')
        .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
        .where('id', '=', conversationId)
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const seq = taken.last_seq;
      await tx.append(
        { type: 'message.link_preview', at: nowIso(), conversationId, seq, messageId: message.id, linkPreview },
        { conversationId, seq },
      );
    },
    { lock: [`conv:${conversationId}`] },
  );
}
