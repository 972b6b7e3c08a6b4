// Signed media URLs: `/v1/media/:id/:variant?exp=<unix s>&sig=<base64url HMAC-SHA256>` over
// id, variant and exp, so <img> and <video> can load bytes without a bearer token. The secret is
// generated once and kept in server_secrets (shared by every node, like the token signing key).
// exp is rounded up to a 5-minute step so repeated requests give the same URL (browser caches hit).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MediaVariant } from '@anytime/protocol';
import type { Storage } from '../../storage/storage.js';

const STEP_SECONDS = 300;

export async function loadMediaUrlSecret(storage: Storage): Promise<Buffer> {
  const fresh = randomBytes(32).toString('base64');
  await storage.write(async ({ db }) => {
    await db
      .insertInto('server_secrets')
      .values({ name: 'media_url_hmac', value: fresh })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  });
  const row = await storage.read
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', 'media_url_hmac')
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64');
}

export class UrlSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlSeconds: number,
  ) {}

  private mac(id: string, variant: string, exp: number): Buffer {
    return createHmac('sha256', this.secret).update(`${id}\n${variant}\n${exp}`).digest();
  }

  /** When URLs signed now expire (unix seconds). */
  expiry(nowMs = Date.now()): number {
    return Math.ceil((Math.floor(nowMs / 1000) + this.ttlSeconds) / STEP_SECONDS) * STEP_SECONDS;
  }

  path(id: string, variant: MediaVariant, exp: number): string {
    const sig = this.mac(id, variant, exp).toString('base64url');
    return `/v1/media/${encodeURIComponent(id)}/${variant}?exp=${exp}&sig=${sig}`;
  }

  /** Whether exp and sig are a valid, unexpired signature of id and variant. */
  verify(id: string, variant: string, exp: number | undefined, sig: string | undefined, nowMs = Date.now()): boolean {
    if (exp === undefined || sig === undefined || exp * 1000 < nowMs) return false;
    const given = Buffer.from(sig, 'base64url');
    const want = this.mac(id, variant, exp);
    return given.length === want.length && timingSafeEqual(given, want);
  }
}
