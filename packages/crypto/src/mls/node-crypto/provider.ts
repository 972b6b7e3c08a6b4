// A ts-mls CryptoProvider for Node: MLS cipher suite 1 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519)
// on node:crypto (OpenSSL) — X25519, Ed25519, SHA-256/HMAC/HKDF, AES-128-GCM, all synchronous
// underneath. Other suites are ts-mls's default provider's. Node only: it imports node:crypto,
// so browsers never load it (see ../suite.ts).
import { randomBytes } from 'node:crypto';
import { defaultCryptoProvider, type CryptoProvider } from 'ts-mls';
import { nodeEd25519 } from './ed25519.js';
import { nodeHpke } from './hpke.js';
import { nodeHash, nodeKdf, plain } from './sha256.js';

export const NODE_SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';

export const nodeCryptoProvider: CryptoProvider = {
  async getCiphersuiteImpl(cs) {
    if (cs.name !== NODE_SUITE) return defaultCryptoProvider.getCiphersuiteImpl(cs);
    return {
      hash: nodeHash,
      kdf: nodeKdf,
      hpke: nodeHpke,
      signature: nodeEd25519,
      rng: { randomBytes: (n) => plain(randomBytes(n)) },
      name: cs.name,
    };
  },
};
