// A secret chat whose devices run different MLS crypto providers (a Node client and a browser):
// groups made with one provider are joined, updated and read with the other.
import { afterAll, describe, expect, it } from 'vitest';
import { MlsGroup } from '../group.js';
import { useMlsCryptoProvider, type MlsCryptoProviderName } from '../suite.js';
import { keyPackageOf, TestDirectory } from '../test-devices.js';

const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

describe('MLS groups across crypto providers', () => {
  afterAll(() => useMlsCryptoProvider('node'));

  it.each([
    ['node', 'default'],
    ['default', 'node'],
  ] as const)('a %s device creates, a %s device joins, both commit and read', async (first, second) => {
    const as = (p: MlsCryptoProviderName) => useMlsCryptoProvider(p);
    const dir = new TestDirectory();
    const a = dir.device('alice', 'a1');
    const b = dir.device('bob', 'b1');
    const c = dir.device('carol', 'c1');
    as(first);
    const ga = await MlsGroup.create('conv-x', a, a.keys.signing, a.auth);
    const adding = await ga.commit({ add: [await keyPackageOf(b), await keyPackageOf(c)] });
    ga.apply(adding);
    as(second);
    const gb = await MlsGroup.join(adding.welcome!, b.store, b.keys.signing, b.auth);
    const update = await gb.commit({});
    gb.apply(update);
    const hello = await gb.encrypt(text('hello from the other provider'));
    as(first);
    await ga.receive(update.commit);
    const r = await ga.receive(hello);
    expect(r.kind === 'application' && read(r.plaintext)).toBe('hello from the other provider');
    const removing = await ga.commit({ remove: [2] });
    ga.apply(removing);
    const reply = await ga.encrypt(text('carol is out'));
    as(second);
    await gb.receive(removing.commit);
    expect(gb.epoch).toBe(ga.epoch);
    const r2 = await gb.receive(reply);
    expect(r2.kind === 'application' && read(r2.plaintext)).toBe('carol is out');
  });
});
