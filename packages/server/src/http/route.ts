// Binds a handler to an entry of the protocol's route table: parses params, query and body with
// the route's schemas (bad input never reaches the handler), authenticates, and sends the
// result with the route's status. Handlers get typed data and return typed responses.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  parseWith,
  routes,
  type ParsedBody,
  type ParsedQuery,
  type RouteName,
  type RouteParams,
  type RouteResponse,
} from '@anytime/protocol';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { AuthContext } from '../modules/accounts/tokens.js';
import { authenticate } from './auth.js';
import { ApiError } from './errors.js';

export interface HandlerInput<N extends RouteName> {
  auth: Routes[N]['auth'] extends true ? AuthContext : AuthContext | null;
  body: ParsedBody<N>;
  query: ParsedQuery<N>;
  params: RouteParams<N>;
  req: FastifyRequest;
  reply: FastifyReply;
}
type Routes = typeof routes;

/** A handler may override the route's success status (e.g. 200 for an idempotent repeat). */
export class WithStatus<T> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}

type Result<N extends RouteName> =
  RouteResponse<N> extends undefined ? void : RouteResponse<N> | WithStatus<RouteResponse<N>>;

function parsePart(schema: z.ZodType | undefined, data: unknown, where: string): unknown {
  if (!schema) return undefined;
  const r = parseWith(schema, data ?? (where === 'body' ? undefined : {}));
  if (!r.ok) {
    // An unknown id in the path is "not found", not a malformed request.
    throw new ApiError(where === 'params' ? 'not_found' : r.code, where === 'params' ? 'not found' : r.message);
  }
  return r.value;
}

export function bind<N extends RouteName>(
  app: FastifyInstance,
  ctx: AppContext,
  name: N,
  handler: (input: HandlerInput<N>) => Promise<Result<N>>,
): void {
  const def = routes[name];
  app.route({
    method: def.method,
    url: def.path,
    handler: async (req, reply) => {
      const auth = def.auth ? await authenticate(ctx, req) : null;
      const params = parsePart(def.params, req.params, 'params');
      const query = parsePart(def.query, req.query, 'query');
      const body = parsePart(def.body, req.body, 'body');
      const result = await handler({ auth, body, query, params, req, reply } as HandlerInput<N>);
      // A route without a JSON response may send its own bytes (e.g. an image).
      if (reply.sent) return reply;
      const [status, payload] = result instanceof WithStatus ? [result.status, result.body] : [def.status, result];
      if (def.response === undefined) return reply.code(status).send();
      if (ctx.config.VALIDATE_RESPONSES) {
        const checked = parseWith(def.response, JSON.parse(JSON.stringify(payload)));
        if (!checked.ok) throw new Error(`${name} response does not match its schema: ${checked.message}`);
      }
      return reply.code(status).send(payload);
    },
  });
}
