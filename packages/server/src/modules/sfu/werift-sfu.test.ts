// The werift SFU with four synthetic participants (werift peers driven by the SDK's SfuCallSession)
// over real ICE/DTLS-SRTP on loopback: everyone receives everyone's audio and video, a late joiner
// receives all, a screen share arrives as an extra stream, a leaver is dropped, the limit holds.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../http/errors.js';
import { grows, RtpGenerator, until } from '../../test-support/sfu-participant.js';
import { everyoneReceives, sfuRoom } from '../../test-support/sfu-room.js';
import { WeriftSfu } from './werift-sfu.js';
import { MediaStream, MediaStreamTrack } from 'werift';

const CALL_ID = 'call-sfu-test';
describe('werift SFU', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const room = (maxParticipants = 32) => sfuRoom(CALL_ID, (send) => new WeriftSfu({ send, maxParticipants }), cleanups);

  it('forwards audio and video among four participants; late joiner, screen share and leaving work', async () => {
    const r = room();
    const a = await r.join('a');
    const b = await r.join('b');
    const c = await r.join('c');
    const trio = [a, b, c];
    await everyoneReceives(trio);
    await until('all connected', () => trio.every((p) => p.session.connectionState() === 'connected'));
    const keyframesBefore = r.sfu.snapshot().counters.keyframeRequests;

    // Late joiner: receives the three others and is received by them; publishers get a key frame request.
    const d = await r.join('d');
    for (const q of trio) {
      await grows(d, `${q.who.deviceId}/audio`, 2_000);
      await grows(d, `${q.who.deviceId}/video`);
      await grows(q, `${d.who.deviceId}/video`);
    }
    // Key frame requests (PLI) went to the publishers for the new receiver.
    expect(r.sfu.snapshot().counters.keyframeRequests).toBeGreaterThanOrEqual(keyframesBefore + 3);
    expect(
      d.session
        .remotes()
        .map((m) => m.deviceId)
        .sort(),
    ).toEqual(['dev-a', 'dev-b', 'dev-c']);

    // Screen share: an extra stream `dev-a:screen` reaches everyone, shown once the call state says so.
    const screenTrack = new MediaStreamTrack({ kind: 'video' });
    const screenGen = new RtpGenerator(screenTrack, { intervalMs: 30, bytes: 1_000, payloadType: 96, tsStep: 2_700 });
    cleanups.push(() => screenGen.stop());
    await a.session.startScreenShare(new MediaStream([screenTrack]) as unknown as globalThis.MediaStream);
    for (const q of [b, c, d]) await grows(q, 'dev-a:screen/video');
    await until('screen in remotes', () => b.session.remotes().find((m) => m.deviceId === 'dev-a')?.screen != null);
    expect(r.hub.updates).toContainEqual({ deviceId: 'dev-a', patch: { screenSharing: true } });

    // Leaving: d's media stops reaching the others and d drops out of their remotes.
    await r.leave(d);
    await until('d gone from remotes', () =>
      [a, b, c].every((p) => !p.session.remotes().some((m) => m.deviceId === 'dev-d')),
    );
    await new Promise((res) => setTimeout(res, 500));
    const frozen = a.bytesFrom('dev-d/video');
    await grows(a, 'dev-b/video'); // time passes with media flowing...
    expect(a.bytesFrom('dev-d/video')).toBe(frozen); // ...but nothing more from d
    expect(r.sfu.snapshot().peers).toBe(3);
  }, 400_000);

  it('refuses a device beyond CALL_MAX_PARTICIPANTS and forgets the room when the last one leaves', async () => {
    const r = room(2);
    const a = await r.join('a');
    await r.join('b');
    const err = await r.join('c').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('call_full');
    expect(r.sfu.snapshot().peers).toBe(2);
    // Rejoining the same device replaces its connection instead of counting twice.
    await r.sfu.join(CALL_ID, a.who);
    expect(r.sfu.snapshot().peers).toBe(2);
    await r.sfu.leave(CALL_ID, 'dev-a');
    await r.sfu.leave(CALL_ID, 'dev-b');
    expect(r.sfu.snapshot().rooms).toBe(0);
    await expect(r.sfu.signal(CALL_ID, 'dev-a', { kind: 'answer', sdp: 'v=0' })).rejects.toMatchObject({
      code: 'call_not_found',
    });
  });
});
