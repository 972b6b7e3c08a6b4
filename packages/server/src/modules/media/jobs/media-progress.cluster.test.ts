// Two nodes on one PostgreSQL database and one NATS: a job run by the worker on node A reports
// progress to the uploader's socket on node B (through the broker), and to none of A's sockets
// of other users. Node B runs no worker, so A is the one that takes the job.
import { afterEach, expect, it } from 'vitest';
import { createServer, type AnytimeServer } from '../../../app.js';
import { loadConfig } from '../../../config.js';
import { registerUser, WsClient } from '../../../test-support/harness.js';
import { startOwnNats, type OwnNats } from '../../../test-support/nats-server.js';
import { createPostgresDatabase, type PostgresDatabase } from '../../../test-databases.js';
import { TEST_ENV } from '../../../testing.js';
import { enqueueMediaJob } from './queue.js';
import type { MediaJobHandler } from './types.js';

let nats: OwnNats | undefined;
let db: PostgresDatabase | undefined;
const servers: AnytimeServer[] = [];
const sockets: WsClient[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const s of servers.splice(0)) await s.close();
  await nats?.close();
  await db?.drop();
});

it('delivers media.progress from the node running the job to the uploader on another node', async () => {
  nats = await startOwnNats();
  db = await createPostgresDatabase();
  const env = { ...TEST_ENV, ...db.env, BROKER_URL: nats.url, MEDIA_JOB_POLL_MS: '50' };
  const ranOn: string[] = [];
  const handler: MediaJobHandler = {
    async run(_job, { reportProgress }) {
      ranOn.push('node-a');
      reportProgress('transcoding', 0);
      await new Promise((r) => setTimeout(r, 300));
      reportProgress('transcoding', 60);
      reportProgress('thumbnails', 100);
    },
    failed: async () => undefined,
  };
  const nodeA = await createServer(loadConfig({ ...env, NODE_ID: 'node-a' }), { mediaJobHandler: handler });
  const nodeB = await createServer(loadConfig({ ...env, NODE_ID: 'node-b' }));
  servers.push(nodeA, nodeB);
  const urlA = await nodeA.listen();
  const urlB = await nodeB.listen();
  const ann = await registerUser(urlB);
  const bob = await registerUser(urlA);
  const annOnB = await WsClient.connect(urlB, ann.token);
  const bobOnA = await WsClient.connect(urlA, bob.token);
  sockets.push(annOnB, bobOnA);

  await nodeB.ctx.storage.write((tx) =>
    enqueueMediaJob(tx, { mediaId: 'media-9', uploaderId: ann.user.id, kind: 'video' }),
  );
  await annOnB.next((f) => f.type === 'media.progress' && f.stage === 'thumbnails', 10_000);
  expect(annOnB.frames.filter((f) => f.type === 'media.progress').map((f) => [f.mediaId, f.stage, f.percent])).toEqual([
    ['media-9', 'transcoding', 0],
    ['media-9', 'transcoding', 60],
    ['media-9', 'thumbnails', 100],
  ]);
  expect(ranOn).toEqual(['node-a']);
  expect(nodeB.mediaWorker).toBeNull();
  expect(bobOnA.frames.filter((f) => f.type === 'media.progress')).toEqual([]);
});
