// One XMPP client connection of the load generator (@xmpp/client): logs in with PLAIN (SCRAM
// computed in JavaScript would make the client the bottleneck), sends initial presence, and
// implements LoadSocket. "Acked" in a direct chat is the server's XEP-0198 stream-management
// ack: an `<r/>` goes out after each message and each `<a h=.../>` acknowledges the messages it
// counts. In a room it is the room's reflection of the message to its sender (XEP-0045), which
// comes after the room archived and broadcast it: the stream-management ack would only say that
// the sender's session passed it on to the room, leaving the room's backlog unbounded.
import { client, xml, type Client, type Element } from '@xmpp/client';
import type { DeliveredMessage, LoadSocket } from '../load-socket.js';
import { waitUntil } from '../timing.js';
import type { XmppAccount, XmppEndpoint } from './register.js';

const SM = 'urn:xmpp:sm:3';
const MUC = 'http://jabber.org/protocol/muc';

/** A direct chat's conversation id, the same on both sides: "dm:<sender>:<receiver>". */
export function directConversationId(from: string, to: string): string {
  return `dm:${from}:${to}`;
}

/** Where a message for a conversation id goes: a user's bare JID (chat) or a room (groupchat). */
export function addressOf(conversationId: string, domain: string): { to: string; type: 'chat' | 'groupchat' } {
  if (conversationId.startsWith('dm:')) {
    const to = conversationId.split(':')[2] ?? '';
    return { to: `${to}@${domain}`, type: 'chat' };
  }
  return { to: conversationId, type: 'groupchat' };
}

/** The send counter at the end of a bench client id ("b-3-41" -> 42), as a per-sender order. */
export function seqOfClientId(clientId: string): number | undefined {
  const n = Number(clientId.slice(clientId.lastIndexOf('-') + 1));
  return Number.isInteger(n) && n >= 0 ? n + 1 : undefined;
}

/** The protocol-neutral view of an incoming message stanza (undefined: not a bench message). */
export function deliveredOfStanza(el: Element, me: string): DeliveredMessage | undefined {
  const id = el.attrs.id;
  const from = el.attrs.from ?? '';
  if (!id || el.getChildText('body') === null) return undefined;
  const bare = from.split('/')[0] ?? '';
  if (el.attrs.type === 'groupchat') return { conversationId: bare, clientId: id };
  if (el.attrs.type === 'chat') {
    // One sender per direct chat in the scenarios, so its counter is the conversation's order.
    return { conversationId: directConversationId(bare.split('@')[0] ?? '', me), clientId: id, seq: seqOfClientId(id) };
  }
  return undefined;
}

export class XmppSocket implements LoadSocket {
  onAcked: LoadSocket['onAcked'];
  onRefused: LoadSocket['onRefused'];
  onDelivered: LoadSocket['onDelivered'];
  /** Set when the connection ended without us asking. */
  unexpectedClose: string | undefined;
  private closing = false;
  private readonly selfPresence = new Map<string, { resolve(): void; reject(e: Error): void }>();
  /** Our room messages whose reflection (the room's ack) has not come back yet. */
  private readonly awaitingReflection = new Set<string>();

  private constructor(
    readonly username: string,
    private readonly xmpp: Client,
    private readonly domain: string,
  ) {}

  static async open(ep: XmppEndpoint, account: XmppAccount, resource = 'bench'): Promise<XmppSocket> {
    const xmpp = client({
      service: `xmpp://${ep.host}:${ep.port}`,
      domain: ep.domain,
      resource,
      // Force PLAIN: on a plain connection @xmpp/client would pick SCRAM-SHA-1 computed in JavaScript.
      credentials: (authenticate) => authenticate({ username: account.username, password: account.password }, 'PLAIN'),
    });
    xmpp.reconnect.stop();
    ignoreDataAfterParserDetached(xmpp);
    keepSocketErrorsHandled(xmpp);
    const sm = xmpp.streamManagement;
    // We ask for acks ourselves, one <r/> per message; no periodic or debounced requests.
    sm.requestAckInterval = 0;
    sm.requestAckDebounce = 2 ** 30;
    const socket = new XmppSocket(account.username, xmpp, ep.domain);
    let failure: Error | undefined;
    xmpp.on('error', (e: Error) => {
      failure ??= e;
    });
    xmpp.on('offline', () => {
      if (!socket.closing) socket.unexpectedClose ??= failure?.message ?? 'offline';
    });
    xmpp.on('stanza', (el: Element) => socket.receive(el));
    sm.on('ack', (stanza: Element) => {
      if (stanza.name === 'message' && stanza.attrs.type === 'chat' && stanza.attrs.id) {
        socket.onAcked?.(stanza.attrs.id, performance.now());
      }
    });
    await withTimeout(xmpp.start(), 30_000, `login of ${account.username}`);
    // "online" comes after resource binding; <enabled/> may still be on its way.
    if (!(await waitUntil(() => sm.enabled, 10_000, 5))) {
      throw new Error('the server did not enable stream management (XEP-0198)');
    }
    // Without initial presence, messages to the bare JID go to offline storage.
    await xmpp.send(xml('presence'));
    return socket;
  }

  sendText(conversationId: string, clientId: string, text: string): void {
    const { to, type } = addressOf(conversationId, this.domain);
    void this.xmpp.send(xml('message', { to, type, id: clientId }, xml('body', {}, text))).catch(() => undefined);
    if (type === 'chat') void this.xmpp.send(xml('r', { xmlns: SM })).catch(() => undefined);
    else this.awaitingReflection.add(clientId);
  }

  /** Joins a MUC room under this user's name; resolves on the room's self-presence. */
  async joinRoom(room: string): Promise<void> {
    const full = `${room}/${this.username}`;
    const joined = new Promise<void>((resolve, reject) => this.selfPresence.set(full, { resolve, reject }));
    await this.xmpp.send(xml('presence', { to: full }, xml('x', { xmlns: MUC }, xml('history', { maxstanzas: '0' }))));
    await withTimeout(joined, 30_000, `joining ${room}`);
  }

  /** Makes a just-created room an instant room (accepts the default configuration, unlocks it). */
  async configureInstantRoom(room: string): Promise<void> {
    await this.xmpp.iqCaller.request(
      xml(
        'iq',
        { type: 'set', to: room },
        xml('query', { xmlns: `${MUC}#owner` }, xml('x', { xmlns: 'jabber:x:data', type: 'submit' })),
      ),
      30_000,
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.xmpp.status === 'offline') return;
    await withTimeout(this.xmpp.stop(), 5_000, 'close').catch(() => undefined);
  }

  private receive(el: Element): void {
    const at = performance.now();
    if (el.name === 'presence') {
      const waiter = this.selfPresence.get(el.attrs.from ?? '');
      if (!waiter) return;
      this.selfPresence.delete(el.attrs.from ?? '');
      if (el.attrs.type === 'error') waiter.reject(new Error(`presence error: ${el.toString().slice(0, 300)}`));
      else waiter.resolve();
      return;
    }
    if (el.name !== 'message') return;
    if (el.attrs.type === 'error') {
      const condition = el.getChild('error')?.children.find((c): c is Element => typeof c !== 'string')?.name;
      this.onRefused?.(condition ?? 'error', el.attrs.id, at);
      return;
    }
    const message = deliveredOfStanza(el, this.username);
    if (!message) return;
    const id = message.clientId;
    if (
      el.attrs.type === 'groupchat' &&
      el.attrs.from?.endsWith(`/${this.username}`) &&
      this.awaitingReflection.delete(id)
    ) {
      this.onAcked?.(id, at);
    }
    this.onDelivered?.(message, at);
  }
}

/**
 * @xmpp/connection 0.14 throws (uncaught, from the socket's data event) when bytes arrive after
 * the stream was closed and its parser detached, which happens when a server writes after our
 * `</stream:stream>`. Its socket listener binds `this._onData` when the socket is attached, so
 * wrapping the method before start() makes such late bytes be ignored.
 */
function ignoreDataAfterParserDetached(xmpp: Client): void {
  const conn = xmpp as unknown as { parser: unknown; _onData(data: Buffer): void };
  const onData = conn._onData;
  conn._onData = function (this: typeof conn, data: Buffer) {
    if (this.parser) onData.call(this, data);
  };
}

/**
 * @xmpp/connection unsubscribes its socket listeners, 'error' included, when it detaches a socket;
 * a reset arriving after that would be an unhandled 'error' event and end the process.
 */
function keepSocketErrorsHandled(xmpp: Client): void {
  const conn = xmpp as unknown as { _attachSocket(socket: NodeJS.EventEmitter): void };
  const attach = conn._attachSocket;
  conn._attachSocket = function (this: typeof conn, socket: NodeJS.EventEmitter) {
    socket.on('error', () => undefined);
    attach.call(this, socket);
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    }),
  ]);
}
