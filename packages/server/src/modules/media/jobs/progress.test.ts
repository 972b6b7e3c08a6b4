// media.progress frames from a job reach the uploader's sockets (every device), through the
// broker and each node's relay, and nobody else's; a server started with a job handler runs
// its queue and stops it on close.
import { afterEach, expect, it } from 'vitest';
import { createServer, type AnytimeServer } from '../../../app.js';
import { loadConfig } from '../../../config.js';
import { loginUser, registerUser, WsClient } from '../../../test-support/harness.js';
import { createTestDatabase, TEST_ENV, type TestDatabase } from '../../../testing.js';
import { enqueueMediaJob } from './queue.js';
import type { MediaJobHandler } from './types.js';

let server: AnytimeServer | undefined;
let db: TestDatabase | undefined;
const sockets: WsClient[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.close();
  await db?.drop();
  server = undefined;
});

it('sends a job’s progress to every device of the uploader, throttled, ending at 100', async () => {
  db = await createTestDatabase();
  const committed: string[] = [];
  const handler: MediaJobHandler = {
    async run(job, { reportProgress }) {
      reportProgress('probing', 0);
      reportProgress('probing', 100);
      for (let p = 0; p <= 100; p += 10) {
        reportProgress('transcoding', p);
        if (p === 50) reportProgress('transcoding', 40); // never backwards
        await new Promise((r) => setTimeout(r, 40));
      }
      reportProgress('thumbnails', 100);
      return async () => {
        committed.push(job.mediaId);
      };
    },
    async failed() {
      throw new Error('not expected');
    },
  };
  server = await createServer(loadConfig({ ...TEST_ENV, ...db.env, MEDIA_JOB_POLL_MS: '50' }), {
    mediaJobHandler: handler,
  });
  const url = await server.listen();
  const ann = await registerUser(url);
  const bob = await registerUser(url);
  const phone = await WsClient.connect(url, ann.token);
  const laptop = await WsClient.connect(url, (await loginUser(url, ann)).token);
  const bobs = await WsClient.connect(url, bob.token);
  sockets.push(phone, laptop, bobs);

  await server.ctx.storage.write((tx) =>
    enqueueMediaJob(tx, { mediaId: 'media-1', uploaderId: ann.user.id, kind: 'video' }),
  );
  server.mediaWorker!.wake();
  for (const socket of [phone, laptop]) {
    await socket.next((f) => f.type === 'media.progress' && f.stage === 'thumbnails', 10_000);
    const frames = socket.frames.filter((f) => f.type === 'media.progress');
    expect(frames.every((f) => f.mediaId === 'media-1')).toBe(true);
    const transcoding = frames.filter((f) => f.stage === 'transcoding').map((f) => f.percent as number);
    expect(transcoding[0]).toBe(0);
    expect(transcoding.at(-1)).toBe(100);
    for (let i = 1; i < transcoding.length; i++) expect(transcoding[i]).toBeGreaterThan(transcoding[i - 1]!);
    // 40 ms apart, at most one frame per 250 ms: some are dropped.
    expect(transcoding.length).toBeLessThan(11);
    expect(frames.map((f) => f.stage).filter((s, i, a) => a[i - 1] !== s)).toEqual([
      'probing',
      'transcoding',
      'thumbnails',
    ]);
  }
  await server.mediaWorker!.idle();
  expect(committed).toEqual(['media-1']);
  expect(bobs.frames.filter((f) => f.type === 'media.progress')).toEqual([]);
});

it('puts a running job back when the server closes, and the next server runs it', async () => {
  db = await createTestDatabase();
  const env = { ...TEST_ENV, ...db.env, MEDIA_JOB_POLL_MS: '20' };
  let started = 0;
  const stuck: MediaJobHandler = {
    run: (_job, { signal }) => {
      started += 1;
      return new Promise((_r, rej) => signal.addEventListener('abort', () => rej(signal.reason as Error)));
    },
    failed: async () => undefined,
  };
  server = await createServer(loadConfig(env), { mediaJobHandler: stuck });
  await server.ctx.storage.write((tx) => enqueueMediaJob(tx, { mediaId: 'm1', uploaderId: 'u1', kind: 'voice' }));
  server.mediaWorker!.wake();
  while (started === 0) await new Promise((r) => setTimeout(r, 10));
  await server.close();

  const ran: number[] = [];
  server = await createServer(loadConfig(env), {
    mediaJobHandler: { run: async (job) => void ran.push(job.attempt), failed: async () => undefined },
  });
  while (ran.length === 0) await new Promise((r) => setTimeout(r, 10));
  await server.mediaWorker!.idle();
  expect(ran).toEqual([1]);
});
