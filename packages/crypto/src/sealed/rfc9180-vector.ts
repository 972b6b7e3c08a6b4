// RFC 9180 test vector A.1.1 (base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM):
// the HPKE of sealed messages and of MLS suite 1, loaded once for the tests of both.
import { readFileSync } from 'node:fs';

export interface Rfc9180Vector {
  mode: number;
  kem_id: number;
  kdf_id: number;
  aead_id: number;
  info: string;
  ikmR: string;
  ikmE: string;
  skRm: string;
  skEm: string;
  pkRm: string;
  pkEm: string;
  enc: string;
  encryptions: { aad: string; ciphertext: string; nonce: string; plaintext: string }[];
  exports: { exportContext: string; exportLength: number; exportValue: string }[];
}

const file = new URL('../../test-vectors/rfc9180-x25519-sha256-aes128gcm-base.json', import.meta.url);

/** Reads the vector from packages/crypto/test-vectors (works from src and from dist alike). */
export function rfc9180Vector(): Rfc9180Vector {
  return (JSON.parse(readFileSync(file, 'utf8')) as { vector: Rfc9180Vector }).vector;
}
