// Endpoints for operators and load balancers: /healthz (liveness: the process serves and its
// database answers), /readyz (readiness: not shutting down and the database answers; a load
// balancer sends no new clients to a node that is not ready) and /metrics (Prometheus).
// The broker is reported by /readyz but does not make a node unready: every node shares the
// one NATS, so failing readiness on it would take the whole service out of rotation, while
// without it messages still flow (each node re-reads the event log every second) and only
// typing and presence between nodes pause.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '@anytime/protocol';
import type { AppContext } from '../context.js';
import type { Metrics } from '../metrics/metrics.js';
import { ApiError } from './errors.js';

export interface OpsState {
  closing(): boolean;
  metrics: Metrics;
}

async function requireDatabase(ctx: AppContext): Promise<void> {
  try {
    await ctx.storage.ping();
  } catch {
    throw new ApiError('unavailable', 'database not reachable');
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function opsRoutes(app: FastifyInstance, ctx: AppContext, state: OpsState): void {
  app.get('/healthz', async (_req, reply) => {
    if (state.closing()) throw new ApiError('unavailable', 'shutting down');
    await requireDatabase(ctx);
    return reply.send({ status: 'ok', protocolVersion: PROTOCOL_VERSION, node: ctx.config.nodeId });
  });

  app.get('/readyz', async (_req, reply) => {
    if (state.closing()) throw new ApiError('unavailable', 'shutting down');
    await requireDatabase(ctx);
    const broker = ctx.broker.connected() ? 'ok' : 'unreachable';
    return reply.send({
      status: broker === 'ok' ? 'ready' : 'degraded',
      node: ctx.config.nodeId,
      checks: { database: 'ok', broker },
    });
  });

  app.get('/metrics', async (req, reply) => {
    const token = ctx.config.METRICS_TOKEN;
    if (token) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!sameSecret(given, token)) throw new ApiError('unauthorized', 'metrics need the metrics token');
    }
    return reply.type(state.metrics.contentType).send(await state.metrics.render());
  });
}
