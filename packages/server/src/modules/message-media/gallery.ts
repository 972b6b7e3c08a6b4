// A conversation's gallery: its photos, videos, files, voice notes or links, newest first, as a
// member sees the timeline (from when they joined, without what they hid, deleted or expired
// messages). Media items come from message_media (indexed by conversation, kind and seq) with
// the message's snapshot; links from the texts, by the link previews' URL rule. A page holds
// whole messages, so it never ends in the middle of one: nextBeforeSeq is the seq of the last
// message on the page (null when there is nothing older), and a page has `limit` items or more
// only when its last message brought more than one.
import {
  LIMITS,
  type Message,
  type GalleryItem,
  type GalleryKind,
  type GalleryQuery,
  type GalleryResponse,
} from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso } from '../../context.js';
import type { DB } from '../../storage/schema.js';
import { requireMember } from '../conversations/queries.js';
import { urlsIn } from '../link-previews/first-url.js';
import { notHiddenFor } from '../message-actions/hidden.js';
import { toMessage } from '../messages/queries.js';

/** Which media kinds each gallery tab shows (audio that is not a voice note is a file). */
const KINDS: Record<Exclude<GalleryKind, 'links'>, string[]> = {
  photos: ['image'],
  videos: ['video'],
  voice: ['voice'],
  files: ['file', 'audio'],
};

/** Messages scanned per query while looking for links. */
const LINK_BATCH = 200;

interface Viewer {
  userId: string;
  joinedSeq: number;
}

export async function listGallery(
  db: Kysely<DB>,
  userId: string,
  conversationId: string,
  q: GalleryQuery,
): Promise<GalleryResponse> {
  const member = await requireMember(db, conversationId, userId);
  const viewer = { userId, joinedSeq: member.joined_seq };
  return q.kind === 'links'
    ? linkPage(db, viewer, conversationId, q)
    : mediaPage(db, viewer, conversationId, KINDS[q.kind], q);
}

/** Messages of the conversation the viewer sees, alive, before `beforeSeq`. */
function visibleMessages(db: Kysely<DB>, viewer: Viewer, conversationId: string, beforeSeq: number | undefined) {
  const now = nowIso();
  let query = db
    .selectFrom('messages')
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.seq', '>=', viewer.joinedSeq)
    .where('messages.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('messages.expires_at', 'is', null), eb('messages.expires_at', '>', now)]))
    .where(notHiddenFor(viewer.userId));
  if (beforeSeq !== undefined) query = query.where('messages.seq', '<', beforeSeq);
  return query;
}

async function mediaPage(
  db: Kysely<DB>,
  viewer: Viewer,
  conversationId: string,
  kinds: string[],
  q: GalleryQuery,
): Promise<GalleryResponse> {
  // Enough rows to end the page on a message boundary: a message holds at most
  // mediaPerMessageMax items, so with this many rows the walk below always stops early when
  // there is more.
  const rows = await visibleMessages(db, viewer, conversationId, q.beforeSeq)
    .innerJoin('message_media as mm', 'mm.message_id', 'messages.id')
    .where('mm.conversation_id', '=', conversationId)
    .where('mm.kind', 'in', kinds)
    // The same bounds on mm.seq, so the (conversation_id, kind, seq) index serves the range.
    .where('mm.seq', '>=', viewer.joinedSeq)
    .$if(q.beforeSeq !== undefined, (qb) => qb.where('mm.seq', '<', q.beforeSeq!))
    .selectAll('messages')
    .select(['mm.media_id'])
    .orderBy('mm.seq', 'desc')
    .orderBy('mm.position', 'asc')
    .limit(q.limit + LIMITS.mediaPerMessageMax)
    .execute();
  const items: GalleryItem[] = [];
  let current: Message | undefined;
  for (const r of rows) {
    if (r.id !== current?.id) {
      if (current && items.length >= q.limit) return { items, nextBeforeSeq: current.seq };
      current = toMessage(r);
    }
    const media = current.media.find((m) => m.id === r.media_id);
    if (!media) continue;
    items.push({ messageId: r.id, seq: r.seq, senderId: r.sender_id, createdAt: r.created_at, media, url: null });
  }
  return { items, nextBeforeSeq: null };
}

async function linkPage(
  db: Kysely<DB>,
  viewer: Viewer,
  conversationId: string,
  q: GalleryQuery,
): Promise<GalleryResponse> {
  const items: GalleryItem[] = [];
  let lastSeq: number | null = null;
  let before = q.beforeSeq;
  for (;;) {
    const rows = await visibleMessages(db, viewer, conversationId, before)
      .where('messages.system', 'is', null)
      // urlsIn decides what is a link (the text is sealed at rest: no SQL pre-filter on it).
      .select(['messages.id', 'messages.seq', 'messages.sender_id', 'messages.created_at', 'messages.text'])
      .orderBy('messages.seq', 'desc')
      .limit(LINK_BATCH)
      .execute();
    for (const r of rows) {
      const urls = [...new Set(urlsIn(r.text))].slice(0, LIMITS.pageMax);
      if (urls.length === 0) continue;
      if (items.length >= q.limit) return { items, nextBeforeSeq: lastSeq };
      lastSeq = r.seq;
      for (const url of urls) {
        items.push({ messageId: r.id, seq: r.seq, senderId: r.sender_id, createdAt: r.created_at, media: null, url });
      }
    }
    if (rows.length < LINK_BATCH) return { items, nextBeforeSeq: null };
    before = rows.at(-1)!.seq;
  }
}
