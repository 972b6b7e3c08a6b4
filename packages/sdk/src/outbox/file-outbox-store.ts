// Outbox store for Node: one JSON file holding the pending messages and the cursor, rewritten
// atomically (temp file + rename) on every change, so a crash never leaves half a file.
import { readJsonFile, SerialQueue, writeJsonFileAtomic } from '../node/json-file.js';
import { asPendingMessage, byOrder, type OutboxStore, type PendingMessage } from './outbox-store.js';

interface FileContent {
  version: 1;
  cursor: string | null;
  messages: PendingMessage[];
}

export class FileOutboxStore implements OutboxStore {
  private readonly queue = new SerialQueue();
  private content: FileContent | null = null;

  constructor(readonly path: string) {}

  list(): Promise<PendingMessage[]> {
    return this.queue.run(async () => (await this.load()).messages.map((m) => ({ ...m })).sort(byOrder));
  }

  put(message: PendingMessage): Promise<void> {
    return this.change((c) => ({
      ...c,
      messages: [...c.messages.filter((m) => m.clientId !== message.clientId), { ...message }].sort(byOrder),
    }));
  }

  remove(clientId: string): Promise<void> {
    return this.change((c) => ({ ...c, messages: c.messages.filter((m) => m.clientId !== clientId) }));
  }

  getCursor(): Promise<string | null> {
    return this.queue.run(async () => (await this.load()).cursor);
  }

  setCursor(cursor: string | null): Promise<void> {
    return this.change((c) => ({ ...c, cursor }));
  }

  private change(fn: (c: FileContent) => FileContent): Promise<void> {
    return this.queue.run(async () => {
      const next = fn(await this.load());
      await writeJsonFileAtomic(this.path, next);
      this.content = next;
    });
  }

  private async load(): Promise<FileContent> {
    if (this.content) return this.content;
    const raw = (await readJsonFile(this.path)) as Partial<FileContent> | undefined;
    const messages = Array.isArray(raw?.messages) ? raw.messages.flatMap((m) => asPendingMessage(m) ?? []) : [];
    const cursor = typeof raw?.cursor === 'string' ? raw.cursor : null;
    this.content = { version: 1, cursor, messages: messages.sort(byOrder) };
    return this.content;
  }
}
