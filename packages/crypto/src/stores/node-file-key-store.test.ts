// NodeFileKeyStore: 0600 file, survives reopening, atomic replacement, refuses a readable file.
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InsecureKeyFileError, NodeFileKeyStore } from './node-file-key-store.js';

const dir = () => mkdtemp(join(tmpdir(), 'anytime-keys-'));

describe('NodeFileKeyStore', () => {
  it('creates the file with mode 0600 and reads back after reopening', async () => {
    const path = join(await dir(), 'nested', 'keys.json');
    const store = await NodeFileKeyStore.open(path);
    await store.put('identity', new Uint8Array([1, 2, 3]));
    await store.put('mls/group-1', new Uint8Array([4]));
    await store.put('mls/group-2', new Uint8Array([5]));
    await store.delete('mls/group-2');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const again = await NodeFileKeyStore.open(path);
    expect(await again.get('identity')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await again.list('mls/')).toEqual(['mls/group-1']);
    expect(await again.get('mls/group-2')).toBeUndefined();
  });

  it('keeps every one of many concurrent writes and leaves no temp files', async () => {
    const d = await dir();
    const path = join(d, 'keys.json');
    const store = await NodeFileKeyStore.open(path);
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.put(`k${i}`, new Uint8Array([i]))));
    const reopened = await NodeFileKeyStore.open(path);
    expect(await reopened.list('k')).toHaveLength(40);
    expect(await reopened.get('k39')).toEqual(new Uint8Array([39]));
    expect(await readdir(d)).toEqual(['keys.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ v: 1 });
  });

  it('refuses a key file that others may read', async () => {
    const path = join(await dir(), 'keys.json');
    await writeFile(path, JSON.stringify({ v: 1, entries: {} }));
    await chmod(path, 0o644);
    await expect(NodeFileKeyStore.open(path)).rejects.toBeInstanceOf(InsecureKeyFileError);
    await chmod(path, 0o600);
    await expect(NodeFileKeyStore.open(path)).resolves.toBeInstanceOf(NodeFileKeyStore);
  });
});
