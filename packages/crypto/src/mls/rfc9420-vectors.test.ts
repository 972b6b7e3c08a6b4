// RFC 9420 interoperability vectors (mlswg/mls-implementations, cipher suite 1 entries, in
// packages/crypto/test-vectors/) run against ts-mls with the suite our secret chats use, once with
// each crypto provider (node:crypto and ts-mls's default).
import { readFileSync } from 'node:fs';
import type { GroupContext, RatchetTree } from 'ts-mls';
import { defaultKeyRetentionConfig } from 'ts-mls/keyRetentionConfig.js';
import { decodeMlsMessage } from 'ts-mls';
import { deriveSecret, deriveTreeSecret, expandWithLabel } from 'ts-mls/crypto/kdf.js';
import { refhash } from 'ts-mls/crypto/hash.js';
import { decryptWithLabel } from 'ts-mls/crypto/hpke.js';
import { signWithLabel, verifyWithLabel } from 'ts-mls/crypto/signature.js';
import { unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { createSecretTree } from 'ts-mls/secretTree.js';
import { describe, expect, it } from 'vitest';
import { MLS_CRYPTO_PROVIDERS, mlsSuite } from './suite.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** Keys in the vectors are TLS opaque<V>: a one-byte length first. */
const opaque = (s: string) => hex(s).subarray(1);
/** A vector entry's fields: hex strings, labels and numbers. */
type Fields = Record<string, string> & Record<'length' | 'generation' | 'epoch', number>;
const load = <T>(name: string) =>
  JSON.parse(readFileSync(new URL(`../../test-vectors/${name}`, import.meta.url), 'utf8')) as T;

describe.each(MLS_CRYPTO_PROVIDERS)('RFC 9420 crypto-basics (suite 1, %s provider)', (provider) => {
  const v =
    load<
      Record<
        | 'ref_hash'
        | 'expand_with_label'
        | 'derive_secret'
        | 'derive_tree_secret'
        | 'sign_with_label'
        | 'encrypt_with_label',
        Fields
      >
    >('crypto-basics-suite1.json');

  it('RefHash', async () => {
    const cs = await mlsSuite(provider);
    const r = v.ref_hash;
    expect(toHex(await refhash(r['label']!, hex(r['value']!), cs.hash))).toBe(r['out']!);
  });

  it('ExpandWithLabel, DeriveSecret, DeriveTreeSecret', async () => {
    const cs = await mlsSuite(provider);
    const e = v.expand_with_label;
    expect(toHex(await expandWithLabel(hex(e['secret']!), e['label']!, hex(e['context']!), e.length, cs.kdf))).toBe(
      e['out']!,
    );
    const d = v.derive_secret;
    expect(toHex(await deriveSecret(hex(d['secret']!), d['label']!, cs.kdf))).toBe(d['out']!);
    const t = v.derive_tree_secret;
    expect(toHex(await deriveTreeSecret(hex(t['secret']!), t['label']!, t.generation, t.length, cs.kdf))).toBe(
      t['out']!,
    );
  });

  it('SignWithLabel: the vector signature verifies, and ours is deterministic Ed25519', async () => {
    const cs = await mlsSuite(provider);
    const s = v.sign_with_label;
    expect(
      await verifyWithLabel(opaque(s['pub']!), s['label']!, hex(s['content']!), hex(s['signature']!), cs.signature),
    ).toBe(true);
    const ours = await signWithLabel(opaque(s['priv']!), s['label']!, hex(s['content']!), cs.signature);
    expect(toHex(ours)).toBe(s['signature']!);
    const tampered = hex(s['content']!);
    tampered[0]! ^= 1;
    expect(await verifyWithLabel(opaque(s['pub']!), s['label']!, tampered, hex(s['signature']!), cs.signature)).toBe(
      false,
    );
  });

  it('EncryptWithLabel: the vector ciphertext decrypts to its plaintext', async () => {
    const cs = await mlsSuite(provider);
    const e = v.encrypt_with_label;
    const priv = await cs.hpke.importPrivateKey(opaque(e['priv']!));
    const plain = await decryptWithLabel(
      priv,
      e['label']!,
      hex(e['context']!),
      hex(e['kem_output']!),
      hex(e['ciphertext']!),
      cs.hpke,
    );
    expect(toHex(plain)).toBe(e['plaintext']!);
  });
});

describe.each(MLS_CRYPTO_PROVIDERS)('RFC 9420 message-protection (suite 1, %s provider)', (provider) => {
  const v = load<Fields>('message-protection-suite1.json');

  async function open(bytes: Uint8Array) {
    const cs = await mlsSuite(provider);
    const decoded = decodeMlsMessage(bytes, 0)!;
    if (decoded[0].wireformat !== 'mls_private_message') throw new Error('expected a private message');
    const groupContext: GroupContext = {
      version: 'mls10',
      cipherSuite: 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519',
      groupId: hex(v['group_id']!),
      epoch: BigInt(v.epoch),
      treeHash: hex(v['tree_hash']!),
      confirmedTranscriptHash: hex(v['confirmed_transcript_hash']!),
      extensions: [],
    };
    // Two leaves; the sender is leaf 1. Only its presence matters: the key is given directly.
    const leaf = { nodeType: 'leaf', leaf: { signaturePublicKey: hex(v['signature_pub']!) } };
    const tree = [leaf, undefined, leaf] as unknown as RatchetTree;
    const secretTree = await createSecretTree(2, hex(v['encryption_secret']!), cs.kdf);
    return unprotectPrivateMessage(
      hex(v['sender_data_secret']!),
      decoded[0].privateMessage,
      secretTree,
      tree,
      groupContext,
      defaultKeyRetentionConfig,
      cs,
      hex(v['signature_pub']!),
    );
  }

  it('decrypts and verifies the application PrivateMessage', async () => {
    const r = await open(hex(v['application_priv']!));
    const content = r.content.content;
    expect(content.contentType).toBe('application');
    expect(content.contentType === 'application' && toHex(content.applicationData)).toBe(v['application']!);
  });

  it('refuses the same message with one ciphertext bit flipped', async () => {
    const bytes = hex(v['application_priv']!);
    bytes[bytes.length - 10]! ^= 0x01;
    await expect(open(bytes)).rejects.toThrow();
  });
});
