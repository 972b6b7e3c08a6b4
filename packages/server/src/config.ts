// Server configuration: read from the environment once, validated at start with messages that
// say which variable is wrong and why.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '@anytime/protocol';
import { z } from 'zod';

const int = (min: number, max: number, dflt: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(dflt);

const defaultWebDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

export const ConfigSchema = z.object({
  PORT: int(0, 65_535, 8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /**
   * Base64 of 32 bytes: the master key of encryption at rest (modules/at-rest). Unset: a key file
   * DATA_DIR/master.key (0600) is used, created at first start; PostgreSQL nodes need this set.
   */
  ANYTIME_MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be the base64 encoding of exactly 32 bytes (e.g. openssl rand -base64 32)')
    .optional(),
  BROKER_URL: z
    .string()
    .regex(/^nats:\/\//, 'must be a nats:// URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ID: z.string().min(1).max(64).optional(),
  WEB_DIR: z.string().min(1).default(defaultWebDir),
  /** Seconds an access token lives. */
  ACCESS_TOKEN_TTL: int(30, 86_400, 900),
  /** log2 of scrypt's N; 17 is OWASP's minimum (128 MiB). Lower only for tests. */
  PASSWORD_HASH_COST: int(10, 20, 17),
  LOGIN_LIMIT_PER_USERNAME: int(1, 100_000, 10),
  LOGIN_LIMIT_PER_IP: int(1, 1_000_000, 100),
  LOGIN_LIMIT_WINDOW_SECONDS: int(1, 86_400, 60),
  /** Messages one user may send per window (HTTP and WebSocket together; on PostgreSQL all nodes together). */
  SEND_LIMIT_MESSAGES: int(1, 1_000_000, 30),
  SEND_LIMIT_WINDOW_SECONDS: int(1, 86_400, 10),
  /** A device's typing frames for one conversation closer together than this are dropped. */
  TYPING_INTERVAL_MS: int(0, 60_000, 2_000),
  /** How often a node refreshes the presence rows of its sockets; 3 missed refreshes mean gone. */
  PRESENCE_REFRESH_MS: int(100, 600_000, 30_000),
  /** A user whose last socket closed shows offline only after this long (a reload does not flicker). */
  PRESENCE_OFFLINE_GRACE_MS: int(0, 600_000, 3_000),
  WS_HEARTBEAT_MS: int(100, 600_000, 25_000),
  /** A socket whose unsent bytes pass this is closed as a slow consumer. */
  WS_BUFFER_LIMIT_BYTES: int(16_384, 1_073_741_824, 8 * 1024 * 1024),
  /** How long shutdown waits for in-flight work before closing anyway. */
  SHUTDOWN_GRACE_MS: int(0, 120_000, 10_000),
  /** Check every HTTP response against its protocol schema (tests turn this on). */
  VALIDATE_RESPONSES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How long after sending the sender may edit a message or delete it for everyone (48 h). */
  EDIT_WINDOW_SECONDS: int(0, 31_536_000, LIMITS.editWindowDefaultSeconds),
  /** How often each node looks for expired disappearing messages. */
  EXPIRY_SWEEP_INTERVAL_MS: int(10, 3_600_000, 5_000),
  /** Tests only: the expiry sweeper sees the clock this many seconds ahead. */
  EXPIRY_CLOCK_SKEW_SECONDS: int(0, 31_536_000, 0),
  /** Group-commit window on SQLite: how many queued writes one transaction may take. */
  SQLITE_BATCH_MAX: int(1, 10_000, 512),
  /**
   * Hosts (comma-separated names or addresses) that Web Push may reach even though they are
   * private or loopback, over http and on any port. Empty in production: an SSRF guard.
   */
  PUSH_ALLOWED_HOSTS: z.string().default(''),
  /** Contact for push services (VAPID `sub`): a mailto: or https: URL. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https:// URL')
    .default('mailto:admin@localhost'),
  /** Pushes in flight at once per node. */
  PUSH_CONCURRENCY: int(1, 1_000, 16),
  PUSH_TIMEOUT_MS: int(100, 60_000, 10_000),
  /** Hosts link previews may fetch although private or loopback (as PUSH_ALLOWED_HOSTS). */
  LINK_PREVIEW_ALLOWED_HOSTS: z.string().default(''),
  LINK_PREVIEW_TIMEOUT_MS: int(100, 60_000, 5_000),
  /** Bytes of a page read at most; reading stops there. */
  LINK_PREVIEW_MAX_BYTES: int(1_024, 16_777_216, 512 * 1024),
  /** How long a fetched preview is kept; failures are kept a tenth of this (at most 10 min). */
  LINK_PREVIEW_TTL_SECONDS: int(0, 30 * 86_400, 86_400),
  /** Largest upload; counted while the bytes stream in (413 media_too_large, nothing kept). */
  MEDIA_MAX_BYTES: int(1, Number.MAX_SAFE_INTEGER, 100 * 1024 * 1024),
  /** Bytes of unique blobs one user's uploads may take (413 media_quota_exceeded). */
  MEDIA_QUOTA_BYTES: int(0, Number.MAX_SAFE_INTEGER, 5 * 1024 * 1024 * 1024),
  /**
   * An encrypted attachment of a secret chat uploaded but not sent with a message within this
   * long (a client that crashed between upload and send) is deleted with its bytes (24 h).
   */
  SECRET_BLOB_UNSENT_TTL_SECONDS: int(1, 31_536_000, 86_400),
  /** Decompression-bomb guard: images with more pixels than this are invalid_media. */
  MEDIA_MAX_PIXELS: int(1, 1_000_000_000, 100_000_000),
  /** How long a signed media URL works. */
  MEDIA_URL_TTL_SECONDS: int(10, 7 * 86_400, 3_600),
  /** Images processed at once per node (each holds a decoded image in memory). */
  MEDIA_IMAGE_CONCURRENCY: int(1, 64, 2),
  // Media jobs (modules/media/jobs, modules/media/processing): video and audio with ffmpeg.
  /** Media jobs (video, voice, audio) this node runs at once. */
  MEDIA_WORKERS: int(0, 64, 1),
  /** A running job's lease; renewed every third of it, taken over by another worker when it runs out. */
  MEDIA_JOB_LEASE_MS: int(1_000, 3_600_000, 60_000),
  /** Attempts per job before it fails for good. */
  MEDIA_JOB_MAX_ATTEMPTS: int(1, 100, 3),
  /** How often an idle worker looks for queued jobs. */
  MEDIA_JOB_POLL_MS: int(10, 600_000, 1_000),
  /** Longer video or audio is refused (invalid_media). */
  MEDIA_MAX_DURATION_SECONDS: int(1, 86_400, 600),
  /** ffmpeg's -threads per run. */
  MEDIA_FFMPEG_THREADS: int(1, 64, 2),
  FFMPEG_PATH: z.string().min(1).default('/usr/bin/ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('/usr/bin/ffprobe'),
  // Calls (modules/calls).
  /** Seconds an unanswered call rings before it times out (missed call). */
  CALL_RING_SECONDS: int(1, 600, 45),
  /** Seconds a device in a call may be without a socket before it leaves the call. */
  CALL_RECONNECT_SECONDS: int(1, 600, 20),
  /** Seconds after the answer within which a call's media must connect, or it ends as failed. */
  CALL_CONNECT_SECONDS: int(1, 600, 30),
  /** How often each node looks for calls that rang out or devices that did not come back. */
  CALL_SWEEP_INTERVAL_MS: int(10, 60_000, 1_000),
  /** STUN servers handed to clients, comma-separated (stun:host:port). Empty: none. */
  STUN_URLS: z
    .string()
    .regex(/^(stuns?:[^,\s]+)(,\s*stuns?:[^,\s]+)*$/, 'must be comma-separated stun: or stuns: URLs')
    .optional(),
  /** TURN servers, comma-separated (turn:host:3478?transport=udp, turns:host:5349...). Needs TURN_SECRET. */
  TURN_URLS: z
    .string()
    .regex(/^(turns?:[^,\s]+)(,\s*turns?:[^,\s]+)*$/, 'must be comma-separated turn: or turns: URLs')
    .optional(),
  /** coturn's static-auth-secret (TURN REST API): the server signs short-lived TURN credentials with it. */
  TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How long handed-out TURN credentials work. */
  TURN_TTL_SECONDS: int(60, 7 * 86_400, 3_600),
  // Group calls (modules/sfu): the selective forwarding unit that carries their media.
  /**
   * werift: the in-process SFU (default). janus: a Janus VideoRoom at JANUS_URL (docs/operations.md).
   * off: group calls answer calls_unavailable.
   */
  CALLS_SFU: z.enum(['werift', 'janus', 'off']).default('werift'),
  /** Janus's WebSocket transport (subprotocol janus-protocol), e.g. ws://127.0.0.1:8188. Needed with CALLS_SFU=janus. */
  JANUS_URL: z
    .string()
    .regex(/^wss?:\/\/\S+$/, 'must be a ws:// or wss:// URL')
    .optional(),
  /** Janus's api_secret (janus.jcfg), sent with every request, if Janus requires one. */
  JANUS_API_SECRET: z.string().min(1).optional(),
  /** Most devices in one group call (call_full beyond). */
  CALL_MAX_PARTICIPANTS: int(2, 500, 32),
  /** UDP ports the SFU's connections use (both 0: any free port). Open them in the firewall. */
  SFU_PORT_MIN: int(0, 65_535, 0),
  SFU_PORT_MAX: int(0, 65_535, 0),
});

const SECRET_VARIABLES = new Set(['ANYTIME_MASTER_KEY', 'METRICS_TOKEN', 'JANUS_API_SECRET']);

export type Config = z.infer<typeof ConfigSchema> & { nodeId: string; dataDir: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) {
    throw new ConfigError(
      r.error.issues.map((i) => {
        const key = String(i.path[0]);
        // A secret is never repeated in an error message (it may end up in a log).
        const got = SECRET_VARIABLES.has(key) ? 'a value that is hidden' : JSON.stringify(env[key]);
        return `${key}: ${i.message} (got ${got})`;
      }),
    );
  }
  const c = r.data;
  if (c.BROKER_URL && !c.DATABASE_URL) {
    throw new ConfigError([
      'BROKER_URL: several nodes need a shared PostgreSQL database; set DATABASE_URL too (SQLite is single-node)',
    ]);
  }
  if (c.TURN_URLS && !c.TURN_SECRET) {
    throw new ConfigError(['TURN_URLS: TURN needs TURN_SECRET (the static-auth-secret coturn was started with)']);
  }
  if (c.CALLS_SFU === 'janus' && !c.JANUS_URL) {
    throw new ConfigError([
      "CALLS_SFU: 'janus' needs JANUS_URL (the ws:// address of Janus's WebSocket transport, e.g. ws://127.0.0.1:8188)",
    ]);
  }
  if ((c.SFU_PORT_MIN === 0) !== (c.SFU_PORT_MAX === 0) || c.SFU_PORT_MAX < c.SFU_PORT_MIN) {
    throw new ConfigError(['SFU_PORT_MIN/SFU_PORT_MAX: set both (MIN < MAX) or neither']);
  }
  return {
    ...c,
    nodeId: c.NODE_ID ?? `${hostname()}-${process.pid}`,
    dataDir: resolve(c.DATA_DIR),
  };
}
