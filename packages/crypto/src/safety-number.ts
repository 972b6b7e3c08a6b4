// Safety numbers: what two people compare (or scan as a QR code) to know that the identity keys
// their apps use are really each other's. Signal's NumericFingerprint, version 0: for each side,
// SHA-512 over (version, identity key, user id) iterated 5,200 times with the key appended; the
// first 30 bytes give six 5-digit groups (each 5-byte big-endian chunk mod 100,000). The 60-digit
// number is both 30-digit halves, lower first, so it is the same on both phones. Our identity keys
// are raw 32-byte Ed25519 keys (Signal prefixes its Curve25519 keys with a type byte; we have one
// key type). The QR payload carries both 32-byte fingerprints, versioned.
import { sha512 } from '@noble/hashes/sha2.js';
import { fromB64, toB64 } from './encoding.js';
import { concatBytes } from '@noble/hashes/utils.js';

export const SAFETY_NUMBER_ITERATIONS = 5_200;
const VERSION = new Uint8Array([0, 0]);
const QR_PREFIX = 'ANYTIME-SN1';

export interface SafetyParty {
  userId: string;
  /** Ed25519 identity public key, base64url. */
  identityKey: string;
}

/** The iterated hash of one party: 64 bytes (the first 30 make the digits, the first 32 the QR half). */
export function partyFingerprint(party: SafetyParty, iterations = SAFETY_NUMBER_ITERATIONS): Uint8Array {
  const key = fromB64(party.identityKey);
  if (key.length !== 32) throw new Error('an identity key is 32 bytes');
  let hash = sha512(concatBytes(VERSION, key, new TextEncoder().encode(party.userId)));
  for (let i = 0; i < iterations; i++) hash = sha512(concatBytes(hash, key));
  return hash;
}

function digits(hash: Uint8Array): string {
  let out = '';
  for (let i = 0; i < 30; i += 5) {
    let n = 0;
    for (let j = 0; j < 5; j++) n = n * 256 + hash[i + j]!;
    out += String(n % 100_000).padStart(5, '0');
  }
  return out;
}

export interface SafetyNumber {
  /** 60 digits. */
  digits: string;
  /** 12 groups of 5 digits, for display. */
  groups: string[];
  /** The versioned QR payload, from the local side's point of view. */
  qrPayload: string;
}

export function safetyNumber(local: SafetyParty, remote: SafetyParty): SafetyNumber {
  const l = partyFingerprint(local);
  const r = partyFingerprint(remote);
  const ld = digits(l);
  const rd = digits(r);
  const all = ld < rd ? ld + rd : rd + ld;
  return {
    digits: all,
    groups: all.match(/\d{5}/g) ?? [],
    qrPayload: `${QR_PREFIX}.${toB64(l.slice(0, 32))}.${toB64(r.slice(0, 32))}`,
  };
}

export type QrCheck = 'match' | 'mismatch' | 'invalid';

/**
 * Compares a scanned QR payload (made on the other phone, so its local half is our remote) with
 * ours. 'mismatch': the keys differ (someone is in the middle, or a key changed); 'invalid': not a
 * safety-number code of this version.
 */
export function compareQr(ours: SafetyNumber, scanned: string): QrCheck {
  const [prefix, theirLocal, theirRemote, ...rest] = scanned.trim().split('.');
  if (prefix !== QR_PREFIX || !theirLocal || !theirRemote || rest.length > 0) return 'invalid';
  const [, ourLocal, ourRemote] = ours.qrPayload.split('.');
  return theirLocal === ourRemote && theirRemote === ourLocal ? 'match' : 'mismatch';
}
