// Base64url (no padding), the encoding of every key, signature and ciphertext on the wire.
export function toB64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

export function fromB64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}
