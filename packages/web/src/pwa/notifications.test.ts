// The service worker's push and click logic without a browser: which notification a push
// shows, and where a click on it leads (a window of the app focused on the chat, or a new one).
import { describe, expect, it } from 'vitest';
import { strings } from '../strings.js';
import { chatHash, isOpenChatMessage, notificationFor, openChat } from './notifications.js';
import { strategyFor } from './routing.js';
import type { SwClients, SwWindowClient } from './sw-types.js';

const base = { type: 'message', conversationId: 'c/1', messageId: 'm1', seq: 3 };

describe('notificationFor', () => {
  it('shows the sender and text, one notification per chat, with the chat to open', () => {
    const n = notificationFor({ ...base, title: 'Ann', senderId: 'u1', body: 'Hello' });
    expect(n).toEqual({
      title: 'Ann',
      options: expect.objectContaining({ body: 'Hello', tag: 'conversation:c/1', data: { conversationId: 'c/1' } }),
    });
  });

  it('says only "New message" when previews are off', () => {
    const n = notificationFor({ ...base, title: 'New message' });
    expect(n?.title).toBe(strings.pwa.newMessage);
    expect(n?.options.body).toBe('');
  });

  it('shows an incoming call until acted on, one per call, opening its chat', () => {
    const call = { type: 'call', conversationId: 'c/1', callId: 'k1' };
    const n = notificationFor({ ...call, title: 'Ann', senderId: 'u1', body: 'Incoming video call from Ann' });
    expect(n).toEqual({
      title: 'Ann',
      options: expect.objectContaining({
        body: 'Incoming video call from Ann',
        tag: 'call:k1',
        requireInteraction: true,
        data: { conversationId: 'c/1' },
      }),
    });
    expect(notificationFor({ ...call, title: 'Incoming call' })?.title).toBe(strings.pwa.incomingCall);
  });

  it('ignores payloads that are not ours', () => {
    expect(notificationFor(undefined)).toBeNull();
    expect(notificationFor({ type: 'other' })).toBeNull();
    expect(notificationFor({ ...base, seq: 'x', title: 'A' })).toBeNull();
  });
});

class FakeWindow implements SwWindowClient {
  messages: unknown[] = [];
  focusedNow = false;
  constructor(
    readonly url: string,
    readonly focused = false,
  ) {}
  postMessage(m: unknown) {
    this.messages.push(m);
  }
  async focus() {
    this.focusedNow = true;
    return this;
  }
  async navigate() {
    return this;
  }
}

function clients(windows: FakeWindow[]) {
  const opened: string[] = [];
  const c: SwClients = {
    matchAll: async () => windows,
    openWindow: async (url) => {
      opened.push(url);
      return new FakeWindow(url);
    },
    claim: async () => undefined,
  };
  return { c, opened };
}

describe('openChat (a click on a notification)', () => {
  const scope = 'https://chat.example/';

  it('focuses the focused window of the app and tells it to show the chat', async () => {
    const other = new FakeWindow('https://elsewhere.example/');
    const idle = new FakeWindow(`${scope}#/c/x`);
    const active = new FakeWindow(scope, true);
    const { c, opened } = clients([other, idle, active]);
    expect(await openChat(c, scope, 'c/1')).toBe('focused');
    expect(active.focusedNow).toBe(true);
    expect(active.messages).toEqual([{ type: 'anytime.openChat', conversationId: 'c/1' }]);
    expect(isOpenChatMessage(active.messages[0])).toBe(true);
    expect(idle.messages).toEqual([]);
    expect(opened).toEqual([]);
  });

  it('opens the app on the chat when no window of it is open', async () => {
    const { c, opened } = clients([new FakeWindow('https://elsewhere.example/')]);
    expect(await openChat(c, scope, 'c/1')).toBe('opened');
    expect(opened).toEqual([`${scope}${chatHash('c/1')}`]);
    expect(chatHash('c/1')).toBe('#/c/c%2F1');
  });
});

describe('strategyFor (what the service worker does with a request)', () => {
  const origin = 'https://chat.example';
  const pre = new Set(['/assets/app-1.js']);
  const req = (url: string, mode = 'cors', method = 'GET') => ({ url: origin + url, mode, method });

  it('never touches the API, the socket, other origins or writes', () => {
    expect(strategyFor(req('/v1/conversations'), origin, pre)).toBe('network');
    expect(strategyFor(req('/v1/ws?access_token=x'), origin, pre)).toBe('network');
    expect(strategyFor(req('/healthz'), origin, pre)).toBe('network');
    expect(strategyFor(req('/v1/media/1', 'navigate'), origin, pre)).toBe('network');
    expect(strategyFor({ url: 'https://cdn.example/a.js', mode: 'cors', method: 'GET' }, origin, pre)).toBe('network');
    expect(strategyFor(req('/assets/app-1.js', 'cors', 'POST'), origin, pre)).toBe('network');
  });

  it('serves navigations from the shell and built files from the precache', () => {
    expect(strategyFor(req('/', 'navigate'), origin, pre)).toBe('shell');
    expect(strategyFor(req('/anything#/c/1', 'navigate'), origin, pre)).toBe('shell');
    expect(strategyFor(req('/assets/app-1.js'), origin, pre)).toBe('precached');
    expect(strategyFor(req('/assets/unknown.js'), origin, pre)).toBe('network');
  });
});
