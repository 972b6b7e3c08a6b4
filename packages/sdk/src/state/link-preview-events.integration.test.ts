// DESIGN invariant 4 for link previews: a message whose preview the server fetched after the
// send (message.link_preview) folds into the same state as a fresh fetch; and the reducer
// applies that event once (idempotent).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Event } from '@anytime/protocol';
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../test-support/harness.js';
import { buildWorld } from '../test-support/world.js';
import { applyEvent, applyEvents } from './apply-event.js';
import { emptyState } from './client-state.js';
import { loadState } from './load-state.js';

let server: TestServer;
let web: Server;
let base: string;
beforeAll(async () => {
  web = createServer((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<html><head><meta property="og:title" content="Menu of the day"></head></html>'),
  );
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  server = await startTestServer({ env: { LINK_PREVIEW_ALLOWED_HOSTS: '127.0.0.1' } });
});
afterAll(async () => {
  await server?.close();
  await new Promise((r) => web.close(r));
});

describe('link preview events equal a fresh fetch', () => {
  it('message.link_preview folded into the state equals loadState', async () => {
    const world = await buildWorld(server.url, [1, 1]);
    try {
      const [a0, b0] = world.devices;
      const [direct] = world.conversations;
      await a0!.client.connect();
      await b0!.client.connect();
      await b0!.client.whenSynced();
      // One message previewed while composing (cached: preview at once), one fetched after the send.
      await a0!.client.api('getLinkPreview', { query: { url: `${base}/composed` } });
      await a0!.client.send(direct!.id, `look ${base}/composed`);
      await a0!.client.send(direct!.id, `and ${base}/later`);
      const isPreview = (e: Event) => e.type === 'message.link_preview';
      await until(() => b0!.events.some(isPreview), 5000, 'message.link_preview');
      const fresh = await loadState(b0!.client.call);
      const folded = applyEvents(emptyState(), b0!.events);
      // Profile and settings come from their own events, which this test does not cause.
      const timeline = (st: typeof fresh) => ({ conversations: st.conversations, messages: st.messages });
      expect(timeline(folded)).toEqual(timeline(fresh));
      expect(timeline(b0!.client.state)).toEqual(timeline(fresh));
      expect(fresh.messages[direct!.id]!.map((m) => m.linkPreview?.title)).toEqual([
        'Menu of the day',
        'Menu of the day',
      ]);
      expect(b0!.events.filter(isPreview)).toHaveLength(1);
      // Applying the preview event again changes nothing.
      const again = applyEvent(folded, b0!.events.find(isPreview)!);
      expect(again).toBe(folded);
    } finally {
      await world.close();
    }
  });
});
