// memberPages walks a group's whole member list in pages, each member once, ordered by id.
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWorld } from '../test-support/world.js';
import { memberPages } from './members.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

it('pages through every member of a group', async () => {
  const world = await buildWorld(server.url, [1, 1, 1]);
  try {
    const group = world.conversations[1]!;
    const owner = world.devices[0]!.client;
    const pages: string[][] = [];
    for await (const page of memberPages(owner.call, group.id, 2)) pages.push(page.map((m) => m.userId));
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(pages.flat()).toEqual(world.users.map((u) => u.id).sort());
  } finally {
    await world.close();
  }
});
