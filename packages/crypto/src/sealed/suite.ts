// The one HPKE suite of sealed messages (protocol SEALED_SUITE): RFC 9180 base mode with
// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM, from @hpke/core over WebCrypto.
import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';

let suite: CipherSuite | undefined;

/** The shared CipherSuite instance (it holds no keys, only algorithms). */
export function sealedSuite(): CipherSuite {
  suite ??= new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
  return suite;
}
