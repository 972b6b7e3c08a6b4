// What the shared load-generation code (closed loop, delivery ledger) needs from one client
// connection, whatever the protocol: Anytime's WebSocket (BenchSocket) or XMPP (XmppSocket).

/** One message as it reached a receiver. */
export interface DeliveredMessage {
  conversationId: string;
  /** The id the sender gave the message (Anytime `clientId`, XMPP stanza `id`). */
  clientId: string;
  /** Position in the conversation's order, when the protocol tells it (undefined: not checked). */
  seq?: number | undefined;
}

export interface LoadSocket {
  /** Sends one text message into a conversation (a direct chat or a group). */
  sendText(conversationId: string, clientId: string, text: string): void;
  /** The server took responsibility for a send (what "acked" means is the protocol's; see docs). */
  onAcked?: ((clientId: string, at: number) => void) | undefined;
  /** The server refused a send; clientId is undefined when the refusal names none. */
  onRefused?: ((code: string, clientId: string | undefined, at: number) => void) | undefined;
  /** A message arrived on this connection. */
  onDelivered?: ((message: DeliveredMessage, at: number) => void) | undefined;
  close(): Promise<void>;
}
