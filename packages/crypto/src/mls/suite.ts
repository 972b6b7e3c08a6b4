// The one MLS ciphersuite Anytime speaks: MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (RFC 9420
// cipher suite 1), loaded once per process from ts-mls.
import { getCiphersuiteFromName, getCiphersuiteImpl, type CiphersuiteImpl } from 'ts-mls';

export const MLS_CIPHERSUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;

let loaded: Promise<CiphersuiteImpl> | undefined;

export function mlsSuite(): Promise<CiphersuiteImpl> {
  loaded ??= getCiphersuiteImpl(getCiphersuiteFromName(MLS_CIPHERSUITE));
  return loaded;
}
