// Assembles a server: storage, broker, feed, HTTP routes and the WebSocket gateway, with one
// error format for everything and a shutdown that drains before closing the database.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { buildOpenApiDocument, LIMITS } from '@anytime/protocol';
import type { Broker } from './broker/broker.js';
import { openBroker } from './broker/open.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openFeed, type Feed } from './events/feed.js';
import { Gateway } from './gateway/gateway.js';
import { ApiError, toApiError } from './http/errors.js';
import { opsRoutes } from './http/ops-routes.js';
import { createLogger, safeUrl } from './logger.js';
import { Metrics } from './metrics/metrics.js';
import { accountRoutes } from './modules/accounts/routes.js';
import { RateLimiter, type Limiter } from './modules/accounts/rate-limit.js';
import { SharedRateLimiter } from './modules/accounts/shared-rate-limit.js';
import { loadSigningKey, Tokens } from './modules/accounts/tokens.js';
import { callRoutes } from './modules/calls/routes.js';
import type { SfuFactory } from './modules/calls/sfu-port.js';
import { sfuFactory } from './modules/sfu/create-sfu.js';
import { conversationRoutes } from './modules/conversations/routes.js';
import { groupRoutes } from './modules/groups/routes.js';
import { LinkPreviewer } from './modules/link-previews/previewer.js';
import { linkPreviewRoutes } from './modules/link-previews/routes.js';
import { mediaRoutes } from './modules/media/routes.js';
import { MediaService } from './modules/media/service.js';
import { tusRoutes } from './modules/media/tus.js';
import { mediaJobHandler } from './modules/media/job-handler.js';
import {
  MediaProgressRelay,
  startMediaWorker,
  type MediaJobHandler,
  type MediaWorker,
} from './modules/media/jobs/index.js';
import { startExpirySweeper } from './modules/message-actions/expiry.js';
import { SearchIndexer } from './modules/search/indexer.js';
import { messageActionRoutes } from './modules/message-actions/routes.js';
import { messageMediaRoutes } from './modules/message-media/routes.js';
import { conversationStateRoutes } from './modules/conversation-state/routes.js';
import { messageRoutes } from './modules/messages/routes.js';
import { keyRoutes } from './modules/keys/routes.js';
import { mlsRoutes } from './modules/mls/routes.js';
import { secretMediaRoutes } from './modules/secret-media/routes.js';
import { PushNotifier } from './modules/push/notifier.js';
import { pushRoutes } from './modules/push/routes.js';
import { loadVapidKeys } from './modules/push/vapid.js';
import { searchRoutes } from './modules/search/routes.js';
import { keyBackupRoutes } from './modules/key-backup/routes.js';
import { sealedRoutes } from './modules/sealed/routes.js';
import { startSealedSweeper } from './modules/sealed/sweeper.js';
import { startUnsentBlobSweeper } from './modules/secret-media/unsent-sweep.js';
import { presenceRoutes } from './modules/presence/routes.js';
import { safetyRoutes } from './modules/safety/routes.js';
import { settingsRoutes } from './modules/settings/routes.js';
import { syncRoutes } from './modules/sync/routes.js';
import { openStorage } from './storage/open.js';
import type { Storage } from './storage/storage.js';

export interface AnytimeServer {
  app: FastifyInstance;
  ctx: AppContext;
  gateway: Gateway;
  /** Web Push for new messages (tests wait on its idle()). */
  push: PushNotifier;
  /** Fetches link previews of sent messages (tests wait on its idle()). */
  previews: LinkPreviewer;
  /** Uploads, blobs and media processing. */
  media: MediaService;
  /** Runs media jobs (video, voice, audio) when a handler is given; null otherwise. */
  mediaWorker: MediaWorker | null;
  /** Indexes messages for search from the event log (tests that search wait on its idle()). */
  searchIndexer: SearchIndexer;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, closes sockets (1001), drains writes, closes broker and database. */
  close(): Promise<void>;
}

export interface ServerOptions {
  logDestination?: DestinationStream;
  logger?: Logger;
  /** Runs the media job queue's jobs instead of the media module's own handler (tests of the queue). */
  mediaJobHandler?: MediaJobHandler;
  /** The SFU for group calls hosted on this node (modules/sfu); none: group calls have no media here. */
  sfu?: SfuFactory;
  /**
   * Opens the storage instead of storage/open.ts. Only the at-rest benchmark's unencrypted
   * comparison server uses it (at-rest-off-server.ts); the server itself always encrypts.
   */
  openStorage?: typeof openStorage;
}

const FALLBACK_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Anytime</title>
<body><h1>Anytime</h1><p>The API is running. The web app has not been built: run <code>npm run build</code>.</p>`;

export async function createServer(config: Config, opts: ServerOptions = {}): Promise<AnytimeServer> {
  const log = opts.logger ?? createLogger(config.LOG_LEVEL, opts.logDestination);
  let storage: Storage | undefined;
  let broker: Broker | undefined;
  let feed: Feed | undefined;
  try {
    storage = await (opts.openStorage ?? openStorage)(config, (err) => log.warn({ err }, 'database connection error'));
    broker = await openBroker(config, log);
    feed = await openFeed(storage, broker, (err) => log.error({ err }, 'feed read failed'));
  } catch (e) {
    await feed?.close();
    await broker?.close();
    await storage?.close();
    throw e;
  }
  const key = await loadSigningKey(storage);
  const vapid = await loadVapidKeys(storage);
  const windowMs = config.LOGIN_LIMIT_WINDOW_SECONDS * 1000;
  // On PostgreSQL several nodes may serve the same users: they count in the database together.
  const db = storage.read;
  const limiter = (prefix: string, limit: number, ms: number): Limiter =>
    storage.dialect === 'postgres' ? new SharedRateLimiter(db, prefix, limit, ms) : new RateLimiter(limit, ms);
  const ctx: AppContext = {
    config,
    log,
    storage,
    broker,
    tokens: new Tokens(key, config.ACCESS_TOKEN_TTL),
    loginLimits: {
      perIp: limiter('login-ip:', config.LOGIN_LIMIT_PER_IP, windowMs),
      perUsername: limiter('login-user:', config.LOGIN_LIMIT_PER_USERNAME, windowMs),
    },
    sendLimit: limiter('send:', config.SEND_LIMIT_MESSAGES, config.SEND_LIMIT_WINDOW_SECONDS * 1000),
  };

  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Request lines are written by the onResponse hook below, with secrets cut from the URL.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: LIMITS.jsonBodyMax,
    trustProxy: false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 512 },
  });
  let closing = false;

  app.addHook('onResponse', async (req, reply) => {
    log.info(
      { method: req.method, url: safeUrl(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  app.setErrorHandler(async (error, _req, reply) => {
    const err = toApiError(error);
    if (err.status >= 500) log.error({ err: error }, 'request failed');
    if (err.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(err.retryAfterSeconds));
    return reply.code(err.status).send(err.toBody());
  });
  app.setNotFoundHandler(async (req, reply) => {
    const err = new ApiError('route_not_found', `no route ${req.method} ${safeUrl(req.url).split('?')[0]}`);
    return reply.code(err.status).send(err.toBody());
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: LIMITS.frameMax } });

  const openapi = buildOpenApiDocument();
  app.get('/v1/openapi.json', async () => openapi);

  accountRoutes(app, ctx);
  conversationRoutes(app, ctx);
  messageRoutes(app, ctx);
  messageActionRoutes(app, ctx);
  messageMediaRoutes(app, ctx);
  settingsRoutes(app, ctx);
  searchRoutes(app, ctx);
  conversationStateRoutes(app, ctx);
  syncRoutes(app, ctx);
  groupRoutes(app, ctx);
  keyRoutes(app, ctx);
  sealedRoutes(app, ctx);
  keyBackupRoutes(app, ctx);
  mlsRoutes(app, ctx);
  const gateway = new Gateway(ctx, feed);
  gateway.register(app);
  const metrics = new Metrics({ storage, broker, feed, router: gateway.router, nodeId: config.nodeId });
  opsRoutes(app, ctx, { closing: () => closing, metrics });
  pushRoutes(app, ctx, vapid);
  linkPreviewRoutes(app, ctx);
  const previews = new LinkPreviewer(ctx);
  const push = new PushNotifier(ctx, vapid, (userId, deviceId) => gateway.router.hasDevice(userId, deviceId));
  safetyRoutes(app, ctx);
  const media = await MediaService.open(ctx);
  mediaRoutes(app, ctx, media);
  secretMediaRoutes(app, ctx, media);
  const uploads = tusRoutes(app, ctx, media);
  presenceRoutes(app, ctx, gateway.presence);
  callRoutes(app, ctx, gateway.calls);
  gateway.calls.start({ push, sfu: opts.sfu ?? sfuFactory(config) });
  await gateway.presence.start();

  if (existsSync(join(config.WEB_DIR, 'index.html'))) {
    await app.register(fastifyStatic, { root: config.WEB_DIR, prefix: '/', wildcard: false });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/html').send(FALLBACK_PAGE));
  }

  const sweeper = startExpirySweeper(ctx);
  const sealedSweeper = startSealedSweeper(ctx);
  const unsentBlobSweeper = startUnsentBlobSweeper(ctx, media);
  const searchIndexer = new SearchIndexer(ctx);
  searchIndexer.start();
  // Media jobs: progress frames to this node's sockets, and the worker (modules/media/jobs).
  const mediaProgress = new MediaProgressRelay(ctx, gateway.router);
  const mediaWorker =
    config.MEDIA_WORKERS > 0 ? startMediaWorker(ctx, opts.mediaJobHandler ?? mediaJobHandler(ctx, media)) : null;
  media.wakeWorker = mediaWorker ? () => mediaWorker.wake() : null;
  const closeAll = async () => {
    await mediaWorker?.stop();
    uploads.stop();
    mediaProgress.close();
    await push.close();
    await previews.close();
    await sweeper.stop();
    await sealedSweeper.stop();
    await unsentBlobSweeper.stop();
    await searchIndexer.stop();
    await gateway.closeEphemeral();
    await feed.close();
    await ctx.storage.close();
    await ctx.broker.close();
  };

  return {
    app,
    ctx,
    gateway,
    push,
    previews,
    media,
    mediaWorker,
    searchIndexer,
    async listen() {
      await app.listen({ port: config.PORT, host: config.HOST });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
      const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    },
    async close() {
      if (closing) return;
      closing = true;
      gateway.close();
      const grace = new Promise<void>((r) => setTimeout(r, config.SHUTDOWN_GRACE_MS).unref());
      await Promise.race([app.close(), grace]);
      await closeAll();
    },
  };
}
