// What a secret message's plaintext holds, encrypted as one MLS application message: JSON with a
// version (protocol SecretPayload), so fields can be added without breaking old clients. Version
// 1 carries the text and, optionally, the attachments' keys and digests (secret-media.ts).
import { parseWith, SecretPayload } from '@anytime/protocol';

export function encodePayload(p: SecretPayload): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(p));
}

/** The payload, or null when the bytes are not one (a newer client's format, or garbage). */
export function decodePayload(bytes: Uint8Array): SecretPayload | null {
  try {
    const r = parseWith(SecretPayload, JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
    return r.ok ? r.value : null;
  } catch {
    return null;
  }
}
