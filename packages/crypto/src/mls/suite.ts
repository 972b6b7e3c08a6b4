// The one MLS ciphersuite Anytime speaks: MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (RFC 9420
// cipher suite 1), loaded once per process from ts-mls with one of two crypto providers:
// - 'node' (the default under Node): node-crypto/provider.ts, node:crypto (OpenSSL) for X25519,
//   Ed25519, HKDF, SHA-256 and AES-GCM; several times faster for commits in big groups;
// - 'default' (the default in browsers): ts-mls's own, @hpke/core and WebCrypto.
// Both give the same bytes (node-crypto/*.test.ts, rfc9420-vectors.test.ts). The node provider
// is imported dynamically, only under Node, so the browser never runs node:crypto.
import { defaultCryptoProvider, getCiphersuiteFromName, getCiphersuiteImpl, type CiphersuiteImpl } from 'ts-mls';

export const MLS_CIPHERSUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;

export const MLS_CRYPTO_PROVIDERS = ['node', 'default'] as const;
export type MlsCryptoProviderName = (typeof MLS_CRYPTO_PROVIDERS)[number];

const runsInNode = (): boolean => typeof globalThis.process?.versions?.node === 'string';

let chosen: MlsCryptoProviderName | undefined;
const loaded = new Map<MlsCryptoProviderName, Promise<CiphersuiteImpl>>();

/** The provider mlsSuite() uses: the one chosen with useMlsCryptoProvider, else node under Node. */
export function mlsCryptoProvider(): MlsCryptoProviderName {
  return chosen ?? (runsInNode() ? 'node' : 'default');
}

/** Chooses the provider for this process (benchmarks and tests compare the two). */
export function useMlsCryptoProvider(name: MlsCryptoProviderName): void {
  if (!MLS_CRYPTO_PROVIDERS.includes(name)) {
    throw new Error(
      `unknown MLS crypto provider "${String(name)}" (expected one of ${MLS_CRYPTO_PROVIDERS.join(', ')})`,
    );
  }
  if (name === 'node' && !runsInNode()) throw new Error('the node MLS crypto provider needs Node (node:crypto)');
  chosen = name;
}

async function load(name: MlsCryptoProviderName): Promise<CiphersuiteImpl> {
  const provider =
    name === 'node' ? (await import('./node-crypto/provider.js')).nodeCryptoProvider : defaultCryptoProvider;
  return getCiphersuiteImpl(getCiphersuiteFromName(MLS_CIPHERSUITE), provider);
}

/** Suite 1 from the given provider (by default the current one), loaded once per provider. */
export function mlsSuite(name: MlsCryptoProviderName = mlsCryptoProvider()): Promise<CiphersuiteImpl> {
  let suite = loaded.get(name);
  if (!suite) {
    suite = load(name);
    loaded.set(name, suite);
  }
  return suite;
}
