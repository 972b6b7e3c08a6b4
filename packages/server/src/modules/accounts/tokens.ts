// Access tokens (short-lived JWTs, HS256, signed with a key that all nodes share through the
// database) and refresh tokens (random, stored only as a hash, rotated on every use).
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { Storage } from '../../storage/storage.js';
import { ApiError } from '../../http/errors.js';

export interface AuthContext {
  userId: string;
  deviceId: string;
}

const ISSUER = 'anytime';

/** Loads the signing key, creating it on first start (the first node to insert wins). */
export async function loadSigningKey(storage: Storage): Promise<Uint8Array> {
  const fresh = randomBytes(32).toString('base64');
  await storage.write(async ({ db }) => {
    await db
      .insertInto('server_secrets')
      .values({ name: 'jwt_hs256', value: fresh })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  });
  const row = await storage.read
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', 'jwt_hs256')
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64');
}

export class Tokens {
  constructor(
    private readonly key: Uint8Array,
    private readonly ttlSeconds: number,
  ) {}

  async issueAccess(auth: AuthContext): Promise<{ accessToken: string; accessTokenExpiresAt: string }> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + this.ttlSeconds;
    const accessToken = await new SignJWT({ did: auth.deviceId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(auth.userId)
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.key);
    return { accessToken, accessTokenExpiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Checks signature and expiry (not revocation: see requireDevice). */
  async verifyAccess(token: string): Promise<AuthContext> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload['did'] !== 'string') throw new Error('claims');
      return { userId: payload.sub, deviceId: payload['did'] };
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw new ApiError('token_expired', 'access token expired');
      throw new ApiError('unauthorized', 'invalid access token');
    }
  }
}

/** A refresh token is "<deviceId>.<secret>"; only the secret's hash is stored. */
export function newRefreshToken(deviceId: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${deviceId}.${secret}`, hash: hashSecret(secret) };
}

export function splitRefreshToken(token: string): { deviceId: string; hash: string } | null {
  const i = token.lastIndexOf('.');
  if (i <= 0 || i === token.length - 1) return null;
  return { deviceId: token.slice(0, i), hash: hashSecret(token.slice(i + 1)) };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
