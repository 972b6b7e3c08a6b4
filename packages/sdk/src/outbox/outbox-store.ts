// What the outbox keeps durably: messages not yet acknowledged, and the sync cursor (the
// position after the last event this device applied). One interface, several backends.
import type { SendFrame } from '@anytime/protocol';

/** A message the user sent that the server has not acknowledged yet. */
export type PendingMessage = Omit<SendFrame, 'type'> & {
  /** Position in the outbox: sends go out in this order. */
  order: number;
  /** When the user sent it (client clock). */
  createdAt: string;
};

export interface OutboxStore {
  /** Every pending message, ascending by order. */
  list(): Promise<PendingMessage[]>;
  /** Stores a message (replacing one with the same clientId); durable when it resolves. */
  put(message: PendingMessage): Promise<void>;
  remove(clientId: string): Promise<void>;
  getCursor(): Promise<string | null>;
  setCursor(cursor: string | null): Promise<void>;
  close?(): Promise<void>;
}

export const byOrder = (a: PendingMessage, b: PendingMessage): number => a.order - b.order;

/** Checks stored data still looks like a pending message (stores outlive SDK versions). */
export function asPendingMessage(v: unknown): PendingMessage | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const ok =
    typeof o['conversationId'] === 'string' &&
    typeof o['clientId'] === 'string' &&
    typeof o['text'] === 'string' &&
    typeof o['order'] === 'number' &&
    typeof o['createdAt'] === 'string' &&
    (o['replyToId'] === undefined || typeof o['replyToId'] === 'string') &&
    (o['mediaIds'] === undefined ||
      (Array.isArray(o['mediaIds']) && o['mediaIds'].every((x) => typeof x === 'string')));
  return ok ? (o as PendingMessage) : null;
}

export class MemoryOutboxStore implements OutboxStore {
  private readonly messages = new Map<string, PendingMessage>();
  private cursor: string | null = null;

  async list(): Promise<PendingMessage[]> {
    return [...this.messages.values()].map((m) => ({ ...m })).sort(byOrder);
  }

  async put(message: PendingMessage): Promise<void> {
    this.messages.set(message.clientId, { ...message });
  }

  async remove(clientId: string): Promise<void> {
    this.messages.delete(clientId);
  }

  async getCursor(): Promise<string | null> {
    return this.cursor;
  }

  async setCursor(cursor: string | null): Promise<void> {
    this.cursor = cursor;
  }
}
