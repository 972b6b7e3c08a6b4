// What a secret message's plaintext holds, encrypted as one MLS application message: JSON with a
// version, so fields (replies, media keys, sealed parts) can be added without breaking old clients.

export interface SecretPayload {
  v: 1;
  text: string;
}

export function encodePayload(p: SecretPayload): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(p));
}

/** The payload, or null when the bytes are not one (a newer client's format, or garbage). */
export function decodePayload(bytes: Uint8Array): SecretPayload | null {
  try {
    const v: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof v !== 'object' || v === null) return null;
    const o = v as Record<string, unknown>;
    return o['v'] === 1 && typeof o['text'] === 'string' ? { v: 1, text: o['text'] } : null;
  } catch {
    return null;
  }
}
