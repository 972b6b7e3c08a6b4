// The promise of encryption at rest, checked on the real thing: messages with unique words (a
// text, its edit, a reply's quote, a forward, a draft, a reported copy, a link preview of a local
// page with a unique title, a media file with unique bytes) are sent and searched; then every
// file under DATA_DIR (SQLite database, -wal, -shm, blobs, temp dirs) is read as bytes and, on
// PostgreSQL, every table is dumped as text: none holds any of the words (as UTF-8, UTF-16 or
// base64). The same words still come back in clear through the API, and search finds them.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@anytime/protocol';
import { createTestDatabase, startTestServer, testBackend, type TestDatabase, type TestServer } from '../../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../../test-support/harness.js';

/** A word no file could contain by chance: letters only, so search folds it to itself. */
const word = (tag: string) => `${tag}${[...randomBytes(10)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

const W = {
  text: word('zq'),
  edit: word('zx'),
  reply: word('zr'),
  forward: word('zf'),
  draft: word('zd'),
  title: word('zt'),
  media: word('zm'),
  report: word('zp'),
  fileName: word('zn'),
};

/** Every way the word could sit in a file: UTF-8, UTF-16LE and base64 at the three alignments. */
function needles(w: string): Buffer[] {
  const out = [Buffer.from(w, 'utf8'), Buffer.from(w, 'utf16le')];
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.from('x'.repeat(shift) + w).toString('base64');
    // Drop the characters that depend on the neighbours.
    out.push(Buffer.from(b64.slice(Math.ceil((shift * 4) / 3) + 1, -4)));
  }
  return out;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

let web: Server;
let pageUrl: string;
let database: TestDatabase;
let s: TestServer;
let a: TestUser;
let b: TestUser;

beforeAll(async () => {
  web = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html><head><title>The ${W.title} page</title></head><body>hi</body></html>`);
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  pageUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}/page`;
  database = await createTestDatabase();
  s = await startTestServer({ database, env: { LINK_PREVIEW_ALLOWED_HOSTS: '127.0.0.1' } });
  a = await registerUser(s.url);
  b = await registerUser(s.url);
});

afterAll(async () => {
  await s.close();
  await database.drop();
  await new Promise((r) => web.close(r));
});

describe('encryption at rest', () => {
  it('keeps no word of a message in any file under DATA_DIR or any PostgreSQL table, and serves them in clear', async () => {
    const conv = await direct(s.url, a, b);
    const first = (await send(s.url, a, conv, `secret plan ${W.text} tonight`)).body.message as Message;
    const edit = await api(s.url, 'PATCH', `/v1/messages/${first.id}`, {
      token: a.token,
      body: { text: `secret plan ${W.edit} tomorrow` },
    });
    expect(edit.status).toBe(200);
    const reply = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
      token: b.token,
      body: { clientId: 'reply', text: `answer ${W.reply}`, replyToId: first.id },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.message.quote.text).toContain(W.edit);
    const third = await registerUser(s.url);
    const other = await direct(s.url, b, third);
    const toForward = (await send(s.url, a, conv, `pass on ${W.forward}`)).body.message as Message;
    const fwd = await api(s.url, 'POST', `/v1/messages/${toForward.id}/forward`, {
      token: b.token,
      body: { clientId: 'fwd', conversationId: other },
    });
    expect(fwd.status).toBe(201);
    const linked = (await send(s.url, a, conv, `look ${pageUrl}`)).body.message as Message;
    const reported = (await send(s.url, b, conv, `report me ${W.report}`)).body.message as Message;
    expect(
      (
        await api(s.url, 'POST', '/v1/reports', {
          token: a.token,
          body: { clientId: 'rep', messageIds: [reported.id], reason: 'spam', comment: 'no', block: false },
        })
      ).status,
    ).toBe(201);
    // A file whose bytes hold a unique word, larger than one encrypted chunk (64 KiB).
    const bytes = Buffer.concat([
      Buffer.from('%PDF-1.4\n%'),
      randomBytes(70_000),
      Buffer.from(` ${W.media} `),
      randomBytes(10_000),
      Buffer.from('\n%%EOF\n'),
    ]);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), `${W.fileName}.pdf`);
    const up = await fetch(`${s.url}/v1/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}` },
      body: form,
    });
    expect(up.status).toBe(201);
    const media = ((await up.json()) as { media: { id: string; url: string; fileName?: string } }).media;
    expect(media.fileName).toBe(`${W.fileName}.pdf`);
    const withFile = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
      token: a.token,
      body: { clientId: 'with-file', text: '', mediaIds: [media.id] },
    });
    expect(withFile.status).toBe(201);
    expect(JSON.stringify(withFile.body.message.media)).toContain(W.fileName);
    // After the sends: a send clears its sender's draft.
    const draft = await api(s.url, 'PATCH', `/v1/conversations/${conv}/state`, {
      token: a.token,
      body: { draft: { text: `unsent ${W.draft}` } },
    });
    expect(draft.status).toBe(200);
    await s.server.previews.idle();
    await s.server.searchIndexer.idle();

    // Through the API everything reads in clear.
    const history = await api(s.url, 'GET', `/v1/conversations/${conv}/messages?afterSeq=0&limit=50`, {
      token: a.token,
    });
    const texts = (history.body.messages as Message[]).map((m) => m.text).join('\n');
    for (const w of [W.edit, W.reply, W.forward, W.report]) expect(texts).toContain(w);
    const withPreview = (history.body.messages as Message[]).find((m) => m.id === linked.id)!;
    expect(withPreview.linkPreview?.title).toContain(W.title);
    const edits = await api(s.url, 'GET', `/v1/messages/${first.id}/edits`, { token: a.token });
    expect(JSON.stringify(edits.body)).toContain(W.text);
    const got = await fetch(new URL(media.url, s.url), { headers: { authorization: `Bearer ${a.token}` } });
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    // A range across the chunk boundary decrypts only what it needs.
    const ranged = await fetch(new URL(media.url, s.url), {
      headers: { authorization: `Bearer ${a.token}`, range: 'bytes=65530-70020' },
    });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(65530, 70021))).toBe(true);
    const state = await api(s.url, 'GET', '/v1/conversations', { token: a.token });
    expect(JSON.stringify(state.body)).toContain(W.draft);
    for (const [w, expected] of [
      [W.edit, first.id],
      [W.edit.slice(2, 9), first.id],
      [W.forward, toForward.id],
    ] as const) {
      const r = await api(s.url, 'GET', `/v1/search?q=${w}`, { token: a.token });
      expect(r.status).toBe(200);
      expect((r.body.messages as Message[]).map((m) => m.id)).toContain(expected);
    }
    // The old text is no longer found; the new one is.
    expect((await api(s.url, 'GET', `/v1/search?q=${W.text}`, { token: a.token })).body.messages).toEqual([]);

    const words = Object.values(W);
    const hits: string[] = [];
    const look = (where: string, data: Buffer) => {
      for (const w of words) for (const n of needles(w)) if (data.includes(n)) hits.push(`${w} in ${where}`);
    };
    // While the server runs (WAL and shared memory files in use), and after it closed.
    const dataDir = s.env['DATA_DIR']!;
    for (const f of filesUnder(dataDir)) look(f, readFileSync(f));
    if (testBackend() === 'postgres') {
      const client = new pg.Client({ connectionString: s.env['DATABASE_URL'] });
      await client.connect();
      try {
        const tables = await client.query<{ tablename: string }>(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
        );
        expect(tables.rows.length).toBeGreaterThan(20);
        for (const { tablename } of tables.rows) {
          const dump = await client.query<{ t: string }>(`SELECT t::text AS t FROM "${tablename}" t`);
          look(`table ${tablename}`, Buffer.from(dump.rows.map((r) => r.t).join('\n')));
        }
      } finally {
        await client.end();
      }
    }
    await s.server.close();
    for (const f of filesUnder(dataDir)) look(f, readFileSync(f));
    expect(hits).toEqual([]);
    // The media file was among the files read (encrypted, under blobs/).
    expect(filesUnder(dataDir).filter((f) => f.includes(`${join('blobs', '')}`) && !f.includes('.tmp'))).toHaveLength(
      1,
    );
  });
});
