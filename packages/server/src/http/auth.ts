// Reading the bearer token of a request (header, or access_token query for browser sockets).
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { requireActiveDevice } from '../modules/accounts/actions.js';
import type { AuthContext } from '../modules/accounts/tokens.js';
import { ApiError } from './errors.js';

export function bearerToken(req: FastifyRequest, allowQuery: boolean): string | null {
  const h = req.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    return m ? m[1]! : null;
  }
  if (allowQuery) {
    const q = (req.query as Record<string, unknown> | undefined)?.['access_token'];
    if (typeof q === 'string' && q.length > 0) return q;
  }
  return null;
}

export async function authenticate(ctx: AppContext, req: FastifyRequest, allowQuery = false): Promise<AuthContext> {
  const token = bearerToken(req, allowQuery);
  if (!token) throw new ApiError('unauthorized', 'sign in first: send Authorization: Bearer <accessToken>');
  const auth = await ctx.tokens.verifyAccess(token);
  await requireActiveDevice(ctx, auth);
  return auth;
}
