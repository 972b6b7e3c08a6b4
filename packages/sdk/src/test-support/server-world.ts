// A real test server for one integration-test file: started before its tests, closed after them
// together with every client the tests registered in `clients`.
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll } from 'vitest';
import type { AnytimeClient } from '../client.js';

export interface ServerWorld {
  readonly server: TestServer;
  /** Clients to close after the file's tests. */
  readonly clients: AnytimeClient[];
}

/** Registers the file's beforeAll/afterAll hooks; call once, at the top of a test file. */
export function setUpServerWorld(): ServerWorld {
  let server: TestServer | undefined;
  const clients: AnytimeClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  // A request still in flight when the server closes holds it up to SHUTDOWN_GRACE_MS (10 s).
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await server?.close();
  }, 30_000);
  return {
    get server() {
      if (!server) throw new Error('the test server is not started yet (use it inside a test)');
      return server;
    },
    clients,
  };
}
