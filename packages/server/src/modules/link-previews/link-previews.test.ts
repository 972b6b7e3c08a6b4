// Link previews against a real local web server (allowlisted by config, as 127.0.0.1 must be):
// metadata read with an HTML parser, SSRF targets refused (loopback, private, link-local,
// cloud metadata, IPv4-mapped IPv6, redirects to loopback), oversize and slow pages cut off,
// results and failures cached, and previews attached to messages at send time or afterwards.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@anytime/protocol';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, registerUser, send, WsClient, type TestUser } from '../../test-support/harness.js';
import { firstUrlIn } from './first-url.js';

let web: Server;
let base: string;
const hits = new Map<string, number>();
/** Bytes of /big the server managed to write before the reader hung up. */
let bigWritten = 0;
const BIG = 4 * 1024 * 1024;
let s: TestServer;
let alice: TestUser;

const PAGE = `<!doctype html><html><head>
<meta charset="utf-8"><title>Ignored when og:title exists</title>
<meta property="og:title" content="Trattoria &amp; Bar">
<meta property="og:description" content="Fresh pasta,
  every day.">
<meta property="og:site_name" content="Eat Out">
<meta property="og:image" content="/img/pasta.jpg">
<link rel="canonical" href="/trattoria">
</head><body><p>Menu <script>var x = "<meta property='og:title' content='fake'>";</script></body></html>`;

beforeAll(async () => {
  web = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    switch (path) {
      case '/page':
      case '/page-for-message':
        return html(PAGE);
      case '/plain':
        return html(
          '<html><head><title> Just a  title </title><meta name="description" content="Plain."></head></html>',
        );
      case '/to-page':
        return res.writeHead(302, { location: '/page' }).end();
      case '/to-localhost':
        return res.writeHead(302, { location: 'http://localhost/' }).end();
      case '/to-mapped':
        return res.writeHead(301, { location: 'http://[::ffff:127.0.0.1]/' }).end();
      case '/to-metadata':
        return res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      case '/loop':
        return res.writeHead(302, { location: '/loop' }).end();
      case '/image':
        return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(100));
      case '/big': {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><head><title>Big page</title></head><body>');
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const more = () => {
          while (sent < BIG) {
            sent += chunk.length;
            bigWritten = sent;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end();
        };
        res.on('close', () => (bigWritten = Math.min(bigWritten, sent)));
        return more();
      }
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><head><title>Slow');
        return; // never ends
      default:
        return res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  s = await startTestServer({ env: { LINK_PREVIEW_ALLOWED_HOSTS: '127.0.0.1', LINK_PREVIEW_TIMEOUT_MS: '800' } });
  alice = await registerUser(s.url);
});
afterAll(async () => {
  await s.close();
  web.closeAllConnections();
  await new Promise((r) => web.close(r));
});

const preview = (url: string, u = alice) =>
  api(s.url, 'GET', `/v1/link-preview?${new URLSearchParams({ url })}`, { token: u.token });

describe('link previews', () => {
  it('reads Open Graph metadata with an HTML parser, resolving relative URLs', async () => {
    const r = await preview(`${base}/page`);
    expect(r.status).toBe(200);
    expect(r.body.preview).toEqual({
      url: `${base}/page`,
      canonicalUrl: `${base}/trattoria`,
      title: 'Trattoria & Bar',
      description: 'Fresh pasta, every day.',
      siteName: 'Eat Out',
      imageUrl: `${base}/img/pasta.jpg`,
    });
    const plain = await preview(`${base}/plain`);
    expect(plain.body.preview).toMatchObject({ title: 'Just a title', description: 'Plain.', siteName: null });
  });

  it('serves a cached preview without fetching again, and caches failures too', async () => {
    await preview(`${base}/page`);
    const before = hits.get('/page');
    expect((await preview(`${base}/page#section`)).status).toBe(200);
    expect(hits.get('/page')).toBe(before);
    expect((await preview(`${base}/image`)).body.error.code).toBe('preview_unavailable');
    expect((await preview(`${base}/image`)).body.error.code).toBe('preview_unavailable');
    expect(hits.get('/image')).toBe(1);
  });

  it('fetches again once the cached entry has expired, and prunes expired entries', async () => {
    await preview(`${base}/plain`);
    const before = hits.get('/plain')!;
    const past = new Date(Date.now() - 1000).toISOString();
    await s.server.ctx.storage.write(async (tx) => {
      await tx.db.updateTable('link_previews').set({ expires_at: past }).where('url', '=', `${base}/plain`).execute();
      await tx.db
        .insertInto('link_previews')
        .values({
          url: 'https://stale.example/',
          preview: null,
          error: 'preview_unavailable',
          fetched_at: past,
          expires_at: past,
        })
        .execute();
    });
    expect((await preview(`${base}/plain`)).status).toBe(200);
    expect(hits.get('/plain')).toBe(before + 1);
    const stale = await s.server.ctx.storage.read
      .selectFrom('link_previews')
      .select('url')
      .where('url', '=', 'https://stale.example/')
      .execute();
    expect(stale).toEqual([]);
  });

  it('refuses loopback, private, link-local, metadata and other special targets', async () => {
    for (const url of [
      'http://127.0.0.2/',
      'http://localhost/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
      'http://[::1]/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[64:ff9b::7f00:1]/',
      'https://example.com:8443/',
      'http://user:pw@example.com/',
    ]) {
      const r = await preview(url);
      expect(r.status, url).toBe(400);
      expect(r.body.error.code, url).toBe('url_not_allowed');
    }
    expect((await preview('ftp://example.com/')).body.error.code).toBe('invalid_request');
    expect((await preview('file:///etc/passwd')).body.error.code).toBe('invalid_request');
  });

  it('checks every redirect hop: to loopback, mapped loopback or metadata refused; a local hop followed', async () => {
    for (const path of ['/to-localhost', '/to-mapped', '/to-metadata']) {
      const r = await preview(`${base}${path}`);
      expect(r.status, path).toBe(400);
      expect(r.body.error.code, path).toBe('url_not_allowed');
    }
    const ok = await preview(`${base}/to-page`);
    expect(ok.body.preview).toMatchObject({ url: `${base}/to-page`, title: 'Trattoria & Bar' });
    const loop = await preview(`${base}/loop`);
    expect(loop.body.error.code).toBe('preview_unavailable');
    expect(hits.get('/loop')).toBe(6);
  });

  it('stops reading an oversize page at the limit and gives up on a slow one', async () => {
    const big = await preview(`${base}/big`);
    expect(big.body.preview.title).toBe('Big page');
    await new Promise((r) => setTimeout(r, 100));
    expect(bigWritten).toBeLessThan(BIG);
    const started = Date.now();
    const slow = await preview(`${base}/slow`);
    expect(slow.status).toBe(422);
    expect(slow.body.error.code).toBe('preview_unavailable');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('finds the first link of a message text', () => {
    expect(firstUrlIn('see https://Example.com/a?b=1#x, then http://other.org')).toBe('https://example.com/a?b=1');
    expect(firstUrlIn('(http://example.com/path).')).toBe('http://example.com/path');
    expect(firstUrlIn('no links here, ftp://x.org')).toBeNull();
  });

  it('attaches the cached preview at send time, and a fetched one afterwards with message.link_preview', async () => {
    const bob = await registerUser(s.url);
    const conv = await direct(s.url, alice, bob);
    const ws = await WsClient.connect(s.url, bob.token);
    await preview(`${base}/page`);
    const first = (await send(s.url, alice, conv, `dinner here? ${base}/page.`)).body.message as Message;
    expect(first.linkPreview).toMatchObject({ title: 'Trattoria & Bar' });

    const second = (await send(s.url, alice, conv, `or ${base}/page-for-message`)).body.message as Message;
    expect(second.linkPreview).toBeNull();
    const ev = await ws.next((f) => f.type === 'message.link_preview');
    expect(ev).toMatchObject({ conversationId: conv, seq: second.seq + 1, messageId: second.id });
    expect(ev['linkPreview']).toMatchObject({ url: `${base}/page-for-message`, title: 'Trattoria & Bar' });
    const history = await api(s.url, 'GET', `/v1/conversations/${conv}/messages`, { token: bob.token });
    expect(history.body.messages.map((m: Message) => m.linkPreview?.title ?? null)).toEqual([
      'Trattoria & Bar',
      'Trattoria & Bar',
    ]);
    const c = await api(s.url, 'GET', `/v1/conversations/${conv}`, { token: bob.token });
    expect(c.body.conversation.lastSeq).toBe(second.seq + 1);

    // A link that cannot be previewed leaves the message as it is, with no event.
    const third = (await send(s.url, alice, conv, `${base}/image`)).body.message as Message;
    await s.server.previews.idle();
    const after = await api(s.url, 'GET', `/v1/conversations/${conv}`, { token: bob.token });
    expect(after.body.conversation.lastSeq).toBe(third.seq);
    ws.close();
  });
});
