// SDK clients (packages/sdk) for the cluster tests: the real outbox, cursor and reconnects, in
// Node with the `ws` package, with fast reconnect timings. Records every event applied.
import { createClient, type AnytimeClient } from '@anytime/sdk';
import type { Event } from '@anytime/protocol';
import { WebSocket } from 'ws';
import type { SocketConstructor } from '@anytime/sdk';

export interface SdkDevice {
  client: AnytimeClient;
  userId: string;
  /** Every event the client applied, in order (the SDK applies each once). */
  events: Event[];
  /** clientId -> the message the server acknowledged. */
  acked: Map<string, { id: string; seq: number; conversationId: string }>;
  /** clientIds that failed for good. */
  failed: string[];
}

export async function sdkDevice(baseUrl: string, username: string): Promise<SdkDevice> {
  const client = createClient({
    baseUrl,
    WebSocket: WebSocket as unknown as SocketConstructor,
    realtime: { backoff: { baseMs: 50, capMs: 500 }, pingIntervalMs: 500, deadAfterMs: 5_000, stableAfterMs: 500 },
    sendRetryDelayMs: 100,
    reportDelivered: false,
  });
  const res = await client.register({ username, password: 'correct horse battery' });
  const d: SdkDevice = { client, userId: res.user.id, events: [], acked: new Map(), failed: [] };
  client.on('event', (e) => d.events.push(e));
  client.on('sent', ({ pending, message }) =>
    d.acked.set(pending.clientId, { id: message.id, seq: message.seq, conversationId: message.conversationId }),
  );
  client.on('failed', ({ pending }) => d.failed.push(pending.clientId));
  return d;
}

/** The message.created events of one conversation a device applied, in order. */
export function messagesOf(d: SdkDevice, conversationId: string): { id: string; seq: number; clientId: string }[] {
  return d.events.flatMap((e) =>
    e.type === 'message.created' && e.conversationId === conversationId
      ? [{ id: e.message.id, seq: e.seq, clientId: e.message.clientId }]
      : [],
  );
}
