// Web Push in the service worker: the notification shown for a push payload, and what a click
// on it does (focus an open window of the app and show the chat there, or open a new one).
import { PushPayload } from '@anytime/protocol';
import { strings } from '../strings.js';
import type { SwClients } from './sw-types.js';

export const ICON = '/icons/icon-192.png';
/** The part of the URL that opens a chat (see app/use-hash-route.ts). */
export const chatHash = (conversationId: string) => `#/c/${encodeURIComponent(conversationId)}`;

export interface ShownNotification {
  title: string;
  options: NotificationOptions & { data: { conversationId: string } };
}

/** The notification for a push, or null when the payload is not one of ours. */
export function notificationFor(raw: unknown): ShownNotification | null {
  const parsed = PushPayload.safeParse(raw);
  if (!parsed.success) return null;
  const p = parsed.data;
  if (p.type === 'call') {
    // An incoming call: stays until acted on, one per call, vibrates like a ring; a click opens
    // the chat, where the app (once its socket is up) shows the incoming call screen.
    return {
      title: p.body === undefined ? strings.pwa.incomingCall : p.title,
      options: {
        body: p.body ?? '',
        tag: `call:${p.callId ?? p.conversationId}`,
        icon: ICON,
        badge: ICON,
        requireInteraction: true,
        ...({ vibrate: [400, 200, 400, 200, 400] } as NotificationOptions),
        data: { conversationId: p.conversationId },
      },
    };
  }
  return {
    // Without previews the server sends only a title; the body then says no more than that.
    title: p.body === undefined ? strings.pwa.newMessage : p.title,
    options: {
      body: p.body ?? '',
      // One notification per chat: a newer message replaces the older one.
      tag: `conversation:${p.conversationId}`,
      icon: ICON,
      badge: ICON,
      data: { conversationId: p.conversationId },
    },
  };
}

/** A message the worker posts to a window to show a chat. */
export interface OpenChatMessage {
  type: 'anytime.openChat';
  conversationId: string;
}

export const isOpenChatMessage = (v: unknown): v is OpenChatMessage =>
  typeof v === 'object' &&
  v !== null &&
  (v as OpenChatMessage).type === 'anytime.openChat' &&
  typeof (v as OpenChatMessage).conversationId === 'string';

/**
 * A click on a chat's notification: focuses a window of the app (the focused one first) and
 * tells it to show the chat; with no window open, opens the app on that chat.
 * Returns what it did, for tests.
 */
export async function openChat(
  clients: SwClients,
  scope: string,
  conversationId: string,
): Promise<'focused' | 'opened' | 'failed'> {
  const windows = (await clients.matchAll({ type: 'window', includeUncontrolled: true })).filter((w) =>
    w.url.startsWith(scope),
  );
  const target = windows.find((w) => w.focused) ?? windows[0];
  if (target) {
    const message: OpenChatMessage = { type: 'anytime.openChat', conversationId };
    target.postMessage(message);
    await target.focus();
    return 'focused';
  }
  const opened = await clients.openWindow(new URL(`/${chatHash(conversationId)}`, scope).href);
  return opened ? 'opened' : 'failed';
}
