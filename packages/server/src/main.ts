// Entry point: `node packages/server/dist/main.js` (what `npm start` runs).
import { ConfigError, loadConfig } from './config.js';
import { createServer } from './app.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const server = await createServer(config);
  const url = await server.listen();
  const storage = config.DATABASE_URL ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  const broker = config.BROKER_URL ? 'NATS' : 'in-process';
  server.ctx.log.info({ url, node: config.nodeId }, 'listening');
  process.stdout.write(`Anytime is running at ${url} (storage: ${storage}; broker: ${broker})\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.ctx.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.ctx.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('Anytime failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
