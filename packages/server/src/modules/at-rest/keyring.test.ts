// The keyring's caches are bounded: with more scopes than it keeps, keys it dropped are read back
// from the table (unwrapped again), the newest key of a scope stays the same, and the scopes in
// use stay cached (no table read for them).
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { Keyring, type DataKeyRow, type KeyTable } from './keyring.js';
import { masterKeyId } from './master-key.js';

/** data_keys as a list, counting reads (a KeyTable over a real connection is in key-table.ts). */
function table() {
  const rows: DataKeyRow[] = [];
  const reads = { n: 0 };
  const t: KeyTable = {
    byId: async (id) => (reads.n++, rows.find((r) => r.id === id)),
    newest: async (scope) => (
      reads.n++,
      rows.filter((r) => r.scope === scope).sort((a, b) => b.version - a.version)[0]
    ),
    insertIfAbsent: async (row) => {
      if (!rows.some((r) => r.scope === row.scope && r.version === row.version)) rows.push(row);
    },
  };
  return { t, reads, rows };
}

it('keeps at most its size, reads dropped keys back, and keeps hot scopes without reads', async () => {
  const key = randomBytes(32);
  const keyring = new Keyring({ key, id: masterKeyId(key), source: 'env' }, 8);
  const { t, reads, rows } = table();
  const scopes = Array.from({ length: 40 }, (_, i) => `c:${i}`);
  const first = new Map<string, string>();
  for (const s of scopes) {
    const k = await keyring.forWrite(t, s);
    keyring.committed([k]);
    first.set(s, k.id);
  }
  expect(rows).toHaveLength(40);
  // Every scope's newest key is still the one made first, cached or read back.
  for (const s of scopes) expect((await keyring.existing(t, s))!.id).toBe(first.get(s));
  // At most 8 cached: most of the 40 were read back.
  const before = reads.n;
  for (const s of scopes) await keyring.existing(t, s);
  expect(reads.n - before).toBeGreaterThanOrEqual(32);
  // A hot scope, used between others, stays cached.
  const hot = 'c:0';
  await keyring.existing(t, hot);
  const afterHot = reads.n;
  for (const s of scopes.slice(1, 4)) {
    await keyring.existing(t, s);
    expect(keyring.cachedNewest(hot)?.id).toBe(first.get(hot));
  }
  expect(reads.n - afterHot).toBeLessThanOrEqual(3);
  // Keys by id too: a dropped one is read back and opens the same.
  const id = first.get('c:39')!;
  expect((await keyring.forRead(t, id))!.key.equals((await keyring.forRead(t, id))!.key)).toBe(true);
});
