// Every SessionStore backend keeps, replaces and clears a session; file and localStorage ones
// survive a new instance (a restart or a page reload).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSessionStore } from './file-session-store.js';
import { LocalStorageSessionStore } from './local-storage-session-store.js';
import { MemorySessionStore, type Session, type SessionStore } from './session.js';

/** The Web Storage API over a Map: what localStorage offers, for a Node test. */
class MapStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  setItem(key: string, value: string): void {
    this.map.set(key, String(value));
  }
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const session = (n: number): Session => ({
  userId: 'u1',
  deviceId: 'd1',
  accessToken: `access-${n}`,
  accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
  refreshToken: `refresh-${n}`,
});

async function fileStores(): Promise<[SessionStore, () => SessionStore]> {
  const dir = await mkdtemp(join(tmpdir(), 'anytime-session-'));
  dirs.push(dir);
  const path = join(dir, 'session.json');
  return [new FileSessionStore(path), () => new FileSessionStore(path)];
}

function localStores(): [SessionStore, () => SessionStore] {
  const storage = new MapStorage();
  return [new LocalStorageSessionStore('k', storage), () => new LocalStorageSessionStore('k', storage)];
}

describe.each([
  {
    name: 'memory',
    make: async (): Promise<[SessionStore, () => SessionStore]> => [
      new MemorySessionStore(),
      () => new MemorySessionStore(),
    ],
  },
  { name: 'file', make: fileStores },
  { name: 'localStorage', make: async () => localStores() },
])('$name SessionStore', ({ make }) => {
  it('saves, replaces and clears', async () => {
    const [store] = await make();
    expect(await store.load()).toBeNull();
    await store.save(session(1));
    await store.save(session(2));
    expect(await store.load()).toEqual(session(2));
    await store.clear();
    expect(await store.load()).toBeNull();
  });
});

describe.each([
  { name: 'file', make: fileStores },
  { name: 'localStorage', make: async () => localStores() },
])('$name SessionStore across instances', ({ make }) => {
  it('a new instance loads what the old one saved', async () => {
    const [store, reopen] = await make();
    await store.save(session(3));
    expect(await reopen().load()).toEqual(session(3));
  });
});

describe('stored sessions that do not parse', () => {
  it('are treated as signed out', async () => {
    const storage = new MapStorage();
    storage.setItem('k', '{not json');
    expect(await new LocalStorageSessionStore('k', storage).load()).toBeNull();
    storage.setItem('k', JSON.stringify({ accessToken: 1 }));
    expect(await new LocalStorageSessionStore('k', storage).load()).toBeNull();
    const dir = await mkdtemp(join(tmpdir(), 'anytime-session-'));
    dirs.push(dir);
    await writeFile(join(dir, 's.json'), JSON.stringify({ userId: 'u' }));
    expect(await new FileSessionStore(join(dir, 's.json')).load()).toBeNull();
  });
});
