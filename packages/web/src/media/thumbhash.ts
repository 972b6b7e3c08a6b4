// The ThumbHash placeholder (base64, from the server) as an image URL, drawn while the real
// thumbnail loads. Decoded once per hash. A data: URL (a secret chat's thumbnail) is used as it is.
import { thumbHashToDataURL } from 'thumbhash';

const cache = new Map<string, string | null>();

export function placeholderUrl(base64: string | null): string | null {
  if (!base64) return null;
  // Secret chats: the sender's own thumbnail, decrypted with the message (secret/secret-media.ts).
  if (base64.startsWith('data:')) return base64;
  let url = cache.get(base64);
  if (url === undefined) {
    try {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      url = thumbHashToDataURL(bytes);
    } catch {
      url = null;
    }
    if (cache.size > 500) cache.clear();
    cache.set(base64, url);
  }
  return url;
}
