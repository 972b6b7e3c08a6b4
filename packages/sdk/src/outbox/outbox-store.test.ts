// One suite, every OutboxStore backend: memory, IndexedDB (fake-indexeddb) and JSON file.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import { FileOutboxStore } from './file-outbox-store.js';
import { IndexedDbOutboxStore } from './indexeddb-outbox-store.js';
import { MemoryOutboxStore, type OutboxStore, type PendingMessage } from './outbox-store.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Backend {
  name: string;
  /** A store and a function that opens a second instance on the same data (a "restart"). */
  make(): Promise<{ store: OutboxStore; reopen?: () => OutboxStore }>;
}

const backends: Backend[] = [
  { name: 'memory', make: async () => ({ store: new MemoryOutboxStore() }) },
  {
    name: 'indexeddb',
    make: async () => {
      const factory = new IDBFactory();
      const name = `outbox-${crypto.randomUUID()}`;
      return {
        store: new IndexedDbOutboxStore({ name, factory }),
        reopen: () => new IndexedDbOutboxStore({ name, factory }),
      };
    },
  },
  {
    name: 'file',
    make: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'anytime-outbox-'));
      dirs.push(dir);
      const path = join(dir, 'nested', 'outbox.json');
      return { store: new FileOutboxStore(path), reopen: () => new FileOutboxStore(path) };
    },
  },
];

const pending = (n: number, extra: Partial<PendingMessage> = {}): PendingMessage => ({
  conversationId: `conv-${n % 3}`,
  clientId: `client-${n}`,
  text: `message ${n}`,
  order: n,
  createdAt: new Date(1_700_000_000_000 + n).toISOString(),
  ...extra,
});

describe.each(backends)('$name OutboxStore', (backend) => {
  it('starts empty, with no cursor', async () => {
    const { store } = await backend.make();
    expect(await store.list()).toEqual([]);
    expect(await store.getCursor()).toBeNull();
  });

  it('lists by order whatever the insertion order, replaces by clientId and removes', async () => {
    const { store } = await backend.make();
    await store.put(pending(3));
    await store.put(pending(1, { replyToId: 'm1', mediaIds: ['x'] }));
    await store.put(pending(2));
    await store.put(pending(2, { text: 'edited' }));
    expect((await store.list()).map((m) => [m.clientId, m.text])).toEqual([
      ['client-1', 'message 1'],
      ['client-2', 'edited'],
      ['client-3', 'message 3'],
    ]);
    expect((await store.list())[0]).toEqual(pending(1, { replyToId: 'm1', mediaIds: ['x'] }));
    await store.remove('client-2');
    await store.remove('no-such-id');
    expect((await store.list()).map((m) => m.clientId)).toEqual(['client-1', 'client-3']);
  });

  it('keeps every one of many concurrent writes', async () => {
    const { store } = await backend.make();
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.put(pending(i))));
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.remove(`client-${i * 2}`)));
    expect((await store.list()).map((m) => m.order)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2 + 1));
  });

  it('stores, replaces and clears the cursor', async () => {
    const { store } = await backend.make();
    await store.setCursor('0.5');
    await store.setCursor('0.9');
    expect(await store.getCursor()).toBe('0.9');
    await store.setCursor(null);
    expect(await store.getCursor()).toBeNull();
  });
});

/** Backends that keep data outside the instance: a second instance on the same data is a "restart". */
const persistent = backends.filter((b) => b.name !== 'memory');

describe.each(persistent)('$name OutboxStore across instances', (backend) => {
  it('a new instance on the same data sees what the first one wrote (restart)', async () => {
    const { store, reopen } = await backend.make();
    await store.put(pending(1));
    await store.put(pending(2));
    await store.remove('client-1');
    await store.setCursor('7.42');
    await store.close?.();
    const again = reopen!();
    expect(await again.list()).toEqual([pending(2)]);
    expect(await again.getCursor()).toBe('7.42');
    await again.close?.();
  });
});

describe('FileOutboxStore files', () => {
  it('leaves no temp files behind and writes valid JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anytime-outbox-'));
    dirs.push(dir);
    const path = join(dir, 'outbox.json');
    const store = new FileOutboxStore(path);
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.put(pending(i))));
    expect(await readdir(dir)).toEqual(['outbox.json']);
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { messages: unknown[] };
    expect(parsed.messages).toHaveLength(10);
  });

  it('drops records that are not pending messages instead of failing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anytime-outbox-'));
    dirs.push(dir);
    const path = join(dir, 'outbox.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, JSON.stringify({ version: 1, cursor: 3, messages: [pending(1), { clientId: 5 }] }));
    const store = new FileOutboxStore(path);
    expect(await store.list()).toEqual([pending(1)]);
    expect(await store.getCursor()).toBeNull();
  });
});
