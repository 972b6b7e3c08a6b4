// Whether a member's devices get a push for a new message, and what it says. One function
// decides, from facts other modules own:
// - muted: the member muted the conversation (conversation_states, read in recipients.ts),
// - mentioned: the message mentions the member or @all (its entities, also in recipients.ts).
// Muted means no push, except when mentioned.
import type { PushPayload, UserSettings } from '@anytime/protocol';

export interface NotifyFacts {
  muted: boolean;
  mentioned: boolean;
}

export function shouldPush(f: NotifyFacts): boolean {
  return !f.muted || f.mentioned;
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
  },
): PushPayload {
  const base = { type: 'message' as const, conversationId: m.conversationId, messageId: m.messageId, seq: m.seq };
  if (!settings.notificationPreviews) return { ...base, title: 'New message' };
  const text = m.text.length > BODY_MAX ? `${m.text.slice(0, BODY_MAX - 1)}…` : m.text;
  // As messaging apps show them: "Alice" / "text" in a direct chat, "Group" / "Alice: text" in a group.
  if (m.groupTitle !== null) {
    return { ...base, title: m.groupTitle, senderId: m.senderId, body: `${m.senderName}: ${text}` };
  }
  return { ...base, title: m.senderName, senderId: m.senderId, body: text };
}
