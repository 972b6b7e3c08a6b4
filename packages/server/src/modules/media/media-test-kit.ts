// Shared by the media tests: uploading bytes, listing what the server keeps on disk and in the
// database (to prove a refused upload left nothing), and fetching variants.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from '../../testing.js';

export interface UploadResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function upload(
  s: TestServer,
  token: string,
  bytes: Uint8Array,
  opts: { contentType?: string; query?: Record<string, string> } = {},
): Promise<UploadResult> {
  const q = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
  const res = await fetch(`${s.url}/v1/media${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': opts.contentType ?? 'application/octet-stream' },
    body: new Blob([new Uint8Array(bytes)]),
  });
  return { status: res.status, body: await res.json() };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

/** Every file under DATA_DIR/blobs (blobs and temp files) and the row counts of media tables. */
export async function footprint(s: TestServer) {
  const files = await walk(join(s.server.ctx.config.dataDir, 'blobs'));
  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(s.server.ctx.storage.read))
        .rows[0]!.n,
    );
  return { files: files.sort(), media: await count('media'), blobs: await count('blobs') };
}

export async function fetchBytes(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/**
 * A test server with its own DATA_DIR (on PostgreSQL the test database names none, and blobs
 * must not mix between servers or land in the working directory).
 */
export async function startMediaServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'anytime-media-'));
  const s = await startTestServer({ env: { DATA_DIR: dir, ...env } });
  return {
    ...s,
    async close() {
      await s.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
