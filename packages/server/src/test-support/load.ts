// A steady load of WebSocket sends for the cluster tests: senders put a message into each of
// their conversations every few milliseconds; acks and errors are recorded by client id.
import type { StoredMessage } from './cluster.js';
import type { WsClient } from './harness.js';

export interface Load {
  acked: Map<string, StoredMessage>;
  errors: { clientId?: string; code: string }[];
  /** Client ids sent so far. */
  sent: string[];
  /** Stops sending; resolves when the last tick is done. */
  stop(): Promise<void>;
}

export function startLoad(senders: WsClient[], conversations: string[], everyMs = 10, prefix = 'l'): Load {
  const load: Load = { acked: new Map(), errors: [], sent: [], stop: async () => undefined };
  for (const ws of senders) {
    ws.ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as {
        type: string;
        clientId?: string;
        message?: StoredMessage;
        error?: { code: string };
      };
      if (f.type === 'ack' && f.clientId && f.message) load.acked.set(f.clientId, f.message);
      if (f.type === 'error')
        load.errors.push({ ...(f.clientId ? { clientId: f.clientId } : {}), code: f.error!.code });
    });
  }
  let n = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      senders.forEach((ws, s) => {
        for (const conversationId of conversations) {
          const clientId = `${prefix}${s}-${n}-${conversationId.slice(-6)}`;
          load.sent.push(clientId);
          ws.send({ type: 'send', conversationId, clientId, text: `${s}/${n}` });
        }
      });
      n += 1;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  load.stop = async () => {
    running = false;
    await done;
  };
  return load;
}
