// @anytime/server: the server as a library (the CLI entry is main.ts).
export { createServer, type AnytimeServer, type ServerOptions } from './app.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export {
  startTestServer,
  createTestDatabase,
  createPostgresDatabase,
  testBackend,
  TEST_ENV,
  type TestServer,
  type TestDatabase,
} from './testing.js';
/** A private coturn for tests of TURN (the Chromium relay-only call test uses it). */
export { startCoturn, stunAnswers, type Coturn } from './test-coturn.js';
/** A private Janus (VideoRoom + WebSocket transport only) for tests and benches of CALLS_SFU=janus. */
export { startJanus, type TestJanus, type StartJanusOptions } from './modules/sfu/janus/test-janus.js';
/** A TCP port free on 127.0.0.1 now (for processes a test or bench starts). */
export { freePort } from './free-port.js';
