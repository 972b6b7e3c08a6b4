// Ticks and "read by N" of my messages in one conversation. The SDK's state has the receipts it
// folded from events; after a page reload it starts without the earlier ones, so the chat also
// asks the server once when it opens, and the higher position of the two wins.
import { useCallback, useEffect, useState } from 'react';
import type { Conversation, Message } from '@anytime/protocol';
import { fetchReceipts, messageTicks, readByCount, type ClientState, type ReceiptPositions } from '@anytime/sdk';
import { useClient } from '../../client/client-context.js';
import type { MessageReceipt } from './MessageBubble.js';

type Positions = Readonly<Record<string, ReceiptPositions>>;

function merged(a: Positions, b: Positions): Positions {
  const out: Record<string, ReceiptPositions> = { ...a };
  for (const [userId, p] of Object.entries(b)) {
    const o = out[userId];
    out[userId] = o
      ? { deliveredSeq: Math.max(o.deliveredSeq, p.deliveredSeq), readSeq: Math.max(o.readSeq, p.readSeq) }
      : p;
  }
  return out;
}

export function useReceipts(c: Conversation, state: ClientState): (m: Message) => MessageReceipt | undefined {
  const client = useClient();
  const [fetched, setFetched] = useState<Positions>({});
  useEffect(() => {
    let live = true;
    fetchReceipts(client.call, c.id).then(
      (r) => live && setFetched(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, c.id]);

  const live = state.receipts[c.id];
  return useCallback(
    (m: Message) => {
      const view: ClientState = {
        ...state,
        conversations: { ...state.conversations, [c.id]: state.conversations[c.id] ?? c },
        receipts: { ...state.receipts, [c.id]: merged(fetched, live ?? {}) },
      };
      return { ticks: messageTicks(view, m), readBy: c.kind === 'group' ? readByCount(view, m) : null };
    },
    // state itself changes with every event; only the parts read here matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [c, fetched, live, state.conversations[c.id]],
  );
}
