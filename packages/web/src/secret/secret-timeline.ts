// A secret-chat message as the timeline shows it: a cloud Message with defaults, its attachments as
// media, its reply as the quote (with replyToId, so the quote jumps to the original), and the
// members' reactions summed per emoji as cloud chats show them, and its sender's latest edit as a
// cloud edit (`editedAt`: the "edited" mark). Live messages (client.secret) and archived ones
// (client.history, their reply kept in `extra`) go through the same function.
import {
  parseWith,
  plainMessage,
  SecretReplyTo,
  type Message,
  type PlainMessageFields,
  type ReactionSummary,
  type SecretAttachment,
} from '@anytime/protocol';
import type { SecretReactionEntry } from '@anytime/sdk';
import { toMessageMedia } from './secret-media.js';

/** Reactions per emoji, in the order each emoji first appeared. */
export function reactionSummaries(entries: readonly SecretReactionEntry[]): ReactionSummary[] {
  const byEmoji = new Map<string, string[]>();
  for (const r of entries) byEmoji.set(r.emoji, [...(byEmoji.get(r.emoji) ?? []), r.userId]);
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, count: userIds.length, userIds }));
}

/** The reply an archived message kept (its `extra`), or null. */
export function archivedReplyTo(extra: Record<string, unknown> | undefined): SecretReplyTo | null {
  if (!extra?.['replyTo']) return null;
  const r = parseWith(SecretReplyTo, extra['replyTo']);
  return r.ok ? r.value : null;
}

const clientIdOf = (id: string) => `secret-${id}`;

/**
 * Whether a timeline message is a decrypted secret message (it lives only on the devices), rather
 * than one the server keeps (a sealed message in a secret chat, a cloud message).
 */
export function isDecryptedSecret(m: Pick<Message, 'id' | 'clientId'>): boolean {
  return m.clientId === clientIdOf(m.id);
}

export interface SecretParts {
  attachments?: readonly SecretAttachment[];
  replyTo?: SecretReplyTo | null;
  reactions?: readonly SecretReactionEntry[];
  /** When its sender last edited it (the text given is already the edited one). */
  editedAt?: string | null;
}

export function secretTimelineMessage(m: Omit<PlainMessageFields, 'clientId'>, parts: SecretParts = {}): Message {
  const media = (parts.attachments ?? []).map(toMessageMedia);
  const reply = parts.replyTo ?? null;
  return {
    ...plainMessage({ ...m, clientId: clientIdOf(m.id) }),
    media,
    mediaIds: media.map((x) => x.id),
    replyToId: reply?.messageId ?? null,
    quote: reply ? { senderId: reply.senderId, text: reply.text } : null,
    reactions: reactionSummaries(parts.reactions ?? []),
    editedAt: parts.editedAt ?? null,
  };
}
