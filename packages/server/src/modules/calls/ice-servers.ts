// The ICE servers a client gets for a call: STUN as configured, and TURN with credentials from
// the TURN REST API scheme coturn checks with --use-auth-secret: username
// `${expiryUnixSeconds}:${userId}`, credential base64(HMAC-SHA1(secret, username)). Nothing is
// stored: coturn recomputes the HMAC and refuses the username once its time has passed.
import { createHmac } from 'node:crypto';
import type { IceServer, IceServersResponse } from '@anytime/protocol';
import type { Config } from '../../config.js';

type IceConfig = Pick<Config, 'STUN_URLS' | 'TURN_URLS' | 'TURN_SECRET' | 'TURN_TTL_SECONDS'>;

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** TURN REST API credentials for a user, valid until `now + ttlSeconds`. */
export function turnCredentials(
  secret: string,
  userId: string,
  ttlSeconds: number,
  now = Date.now(),
): { username: string; credential: string } {
  const username = `${Math.floor(now / 1000) + ttlSeconds}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

export function iceServersFor(config: IceConfig, userId: string, now = Date.now()): IceServersResponse {
  const iceServers: IceServer[] = [];
  const stun = list(config.STUN_URLS);
  if (stun.length > 0) iceServers.push({ urls: stun });
  const turn = list(config.TURN_URLS);
  if (turn.length > 0 && config.TURN_SECRET) {
    iceServers.push({ urls: turn, ...turnCredentials(config.TURN_SECRET, userId, config.TURN_TTL_SECONDS, now) });
  }
  return { iceServers, ttlSeconds: config.TURN_TTL_SECONDS };
}
