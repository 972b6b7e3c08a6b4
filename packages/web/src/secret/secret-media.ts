// Media of secret chats in the web app: a decrypted message's attachments become the timeline
// Message's `media` (so the ordinary media bubbles lay them out), and the bytes behind them are
// fetched, checked and decrypted by the SDK on demand and shown from object URLs (revoked never
// while the tab lives: the history keeps showing them). The sender's thumbnail, carried inside
// the message, stands in as the placeholder (a data URL) until the full file is decrypted.
import { parseWith, SecretAttachment, type MessageMedia } from '@anytime/protocol';
import type { SecretMediaUrls } from '../crypto/encryption-port.js';

/** The attachments an archived message kept (its `extra`); any that do not parse are left out. */
export function archivedAttachments(extra: Record<string, unknown> | undefined): SecretAttachment[] {
  const list = extra?.['attachments'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((x) => {
    const r = parseWith(SecretAttachment, x);
    return r.ok ? [r.value] : [];
  });
}

const thumbnailUrl = (a: SecretAttachment) =>
  a.thumbnail && a.thumbnailType
    ? `data:${a.thumbnailType};base64,${a.thumbnail.replace(/-/g, '+').replace(/_/g, '/')}`
    : null;

/** How the media bubbles see an attachment: its blob id as the media id, no server variants. */
export function toMessageMedia(a: SecretAttachment): MessageMedia {
  return {
    id: a.blobId,
    kind: a.kind,
    contentType: a.contentType,
    size: a.size,
    fileName: a.fileName,
    width: a.width,
    height: a.height,
    durationMs: a.durationMs,
    // A data URL rather than a ThumbHash: PhotoImage shows either (placeholderUrl).
    placeholder: thumbnailUrl(a),
    waveform: a.waveform,
    filter: null,
    variants: ['original'],
    tags: [],
  };
}

/**
 * Decrypted attachments as object URLs, each fetched and decrypted once. Failures are not
 * remembered, so asking again (a refresh) tries again.
 */
export class SecretMediaCache {
  private known = new Map<string, { conversationId: string; attachment: SecretAttachment }>();
  private urls = new Map<string, Promise<string | null>>();

  constructor(private readonly open: (conversationId: string, a: SecretAttachment) => Promise<Uint8Array>) {}

  /** Remembers where an attachment lives (called as messages are shown). */
  learn(conversationId: string, attachments: readonly SecretAttachment[]): void {
    for (const attachment of attachments) this.known.set(attachment.blobId, { conversationId, attachment });
  }

  async urlsOf(ids: readonly string[]): Promise<SecretMediaUrls> {
    const out: SecretMediaUrls = {};
    await Promise.all(
      ids.map(async (id) => {
        const url = await this.url(id);
        if (!url) return;
        // A video's pictures are the sender's poster thumbnail (the file itself is no image).
        const a = this.known.get(id)!.attachment;
        const picture = a.kind === 'video' ? (thumbnailUrl(a) ?? undefined) : url;
        out[id] = {
          original: url,
          playback: url,
          ...(picture ? { thumb1280: picture, thumb320: picture, poster: picture } : {}),
        };
      }),
    );
    return out;
  }

  private url(id: string): Promise<string | null> {
    const known = this.known.get(id);
    if (!known) return Promise.resolve(null);
    let p = this.urls.get(id);
    if (!p) {
      const { conversationId, attachment } = known;
      p = this.open(conversationId, attachment).then(
        (bytes) => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: attachment.contentType })),
        () => {
          this.urls.delete(id);
          return null;
        },
      );
      this.urls.set(id, p);
    }
    return p;
  }
}
