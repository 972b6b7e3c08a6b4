// WebCrypto and @hpke/core take exactly-sized ArrayBuffers; our bytes are Uint8Array views.
/** A fresh ArrayBuffer holding exactly these bytes. */
export function ab(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}
