// Whether a member's devices get a push for a new message, and what it says. One function
// decides, from facts other modules own:
// - muted: the member muted the conversation (conversation_states, read in recipients.ts),
// - mentioned: the message mentions the member or @all, or tags them in a photo (also in
//   recipients.ts).
// Muted means no push, except when mentioned. A photo tag says "Alice tagged you in a photo".
import type { Call, CallSummary, MediaKind, PushPayload, UserSettings } from '@anytime/protocol';

export interface NotifyFacts {
  muted: boolean;
  mentioned: boolean;
}

export function shouldPush(f: NotifyFacts): boolean {
  return !f.muted || f.mentioned;
}

const MEDIA_LABELS: Record<MediaKind, string> = {
  image: '📷 Photo',
  video: '🎥 Video',
  voice: '🎤 Voice message',
  audio: '🎵 Audio',
  file: '📄 File',
};

/** What a push says of a message without a caption: its first attachment's kind. */
export function mediaLabel(kinds: readonly MediaKind[]): string {
  const first = kinds[0];
  if (!first) return '';
  const label = MEDIA_LABELS[first];
  return kinds.length > 1 ? `${label} (+${kinds.length - 1})` : label;
}

/** Longest text put in a push (payloads are limited to about 4 KB by push services). */
const BODY_MAX = 1_000;

export function pushPayload(
  settings: UserSettings,
  m: {
    conversationId: string;
    messageId: string;
    seq: number;
    senderId: string;
    senderName: string;
    /** The group's title; null for a direct chat. */
    groupTitle: string | null;
    text: string;
    /** The kinds of the attached media, in order (a caption may be empty). */
    mediaKinds: readonly MediaKind[];
    /** The recipient is tagged in a photo of the message. */
    tagged: boolean;
    /** A call's system message: what it says is "Missed call". */
    call?: CallSummary;
  },
): PushPayload {
  const base = { type: 'message' as const, conversationId: m.conversationId, messageId: m.messageId, seq: m.seq };
  if (!settings.notificationPreviews) return { ...base, title: m.call ? 'Missed call' : 'New message' };
  if (m.call) {
    const body = `Missed ${m.call.media === 'video' ? 'video ' : ''}call from ${m.senderName}`;
    return { ...base, title: m.groupTitle ?? m.senderName, senderId: m.senderId, body };
  }
  if (m.tagged) {
    const body = `${m.senderName} tagged you in a photo`;
    return { ...base, title: m.groupTitle ?? m.senderName, senderId: m.senderId, body };
  }
  const shown = m.text || mediaLabel(m.mediaKinds);
  const text = shown.length > BODY_MAX ? `${shown.slice(0, BODY_MAX - 1)}…` : shown;
  // As messaging apps show them: "Alice" / "text" in a direct chat, "Group" / "Alice: text" in a group.
  if (m.groupTitle !== null) {
    return { ...base, title: m.groupTitle, senderId: m.senderId, body: `${m.senderName}: ${text}` };
  }
  return { ...base, title: m.senderName, senderId: m.senderId, body: text };
}

/** "Incoming call from X" (without previews: just "Incoming call"). */
export function callPayload(
  settings: UserSettings,
  m: { call: Call; callerName: string; groupTitle: string | null },
): PushPayload {
  const base = { type: 'call' as const, conversationId: m.call.conversationId, callId: m.call.id };
  if (!settings.notificationPreviews) return { ...base, title: 'Incoming call' };
  const body = `Incoming ${m.call.media === 'video' ? 'video ' : ''}call from ${m.callerName}`;
  return { ...base, title: m.groupTitle ?? m.callerName, senderId: m.call.callerId, body };
}
