// The Janus SFU adapter against a real Janus (started by the test, test-janus.ts) with four
// synthetic participants (werift peers driven by the SDK's SfuCallSession in Janus mode: an up and
// a down connection each): everyone receives everyone's audio and video under the werift SFU's
// stream ids, a late joiner receives all, a screen share arrives as `deviceId:screen`, a leaver's
// media stops, ending the call destroys the room on Janus; eight participants joining at once all
// receive each other (issue 7: the adapter subscribes everyone); twelve joining at once see every
// other's streams under its name, also after an ICE restart (Janus's restart offer lists no
// streams); a restart while connecting ends, with media back (no restart storm); Janus down
// answers calls_unavailable.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MediaStream, MediaStreamTrack, type RTCRtpTransceiver } from 'werift';
import { ApiError } from '../../../http/errors.js';
import {
  grows,
  RtpGenerator,
  SignalingHub,
  until,
  type TestParticipant,
} from '../../../test-support/sfu-participant.js';
import { everyoneReceives, sfuRoom } from '../../../test-support/sfu-room.js';
import { JanusClient } from './janus-client.js';
import { JanusSfu } from './janus-sfu.js';
import { freePort } from '../../../free-port.js';
import { startJanus, type TestJanus } from './test-janus.js';

const CALL_ID = 'call-janus-test';
/** Whether the VideoRoom on Janus still has this room (asked over a session of its own). */
async function roomExists(url: string, room: number): Promise<boolean> {
  const c = await JanusClient.connect({ url });
  try {
    const h = await c.attach('janus.plugin.videoroom', () => undefined);
    const res = await c.message(h, { request: 'exists', room });
    return res.data['exists'] === true;
  } finally {
    await c.close();
  }
}

let janus: TestJanus;
beforeAll(async () => {
  janus = await startJanus();
});
afterAll(async () => {
  await janus?.stop();
});

describe('Janus SFU', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const room = (maxParticipants = 32) =>
    sfuRoom(CALL_ID, (send) => new JanusSfu({ url: janus.url, send, maxParticipants }), cleanups);

  it('forwards audio and video among four participants; late joiner, screen share, leaving, end', async () => {
    const r = room();
    const a = await r.join('a');
    const b = await r.join('b');
    const c = await r.join('c');
    const trio = [a, b, c];
    await everyoneReceives(trio);
    await until('all connected', () => trio.every((p) => p.session.connectionState() === 'connected'));
    expect(a.session.sfuKind).toBe('janus');

    // Late joiner: receives the three others and is received by them.
    const d = await r.join('d');
    for (const q of trio) {
      await grows(d, `${q.who.deviceId}/audio`, 2_000);
      await grows(d, `${q.who.deviceId}/video`);
      await grows(q, `${d.who.deviceId}/video`);
    }
    expect(
      d.session
        .remotes()
        .map((m) => m.deviceId)
        .sort(),
    ).toEqual(['dev-a', 'dev-b', 'dev-c']);

    // Screen share: `dev-a:screen` reaches everyone without renegotiation.
    const screenTrack = new MediaStreamTrack({ kind: 'video' });
    const screenGen = new RtpGenerator(screenTrack, { intervalMs: 30, bytes: 1_000, payloadType: 96, tsStep: 2_700 });
    cleanups.push(() => screenGen.stop());
    await a.session.startScreenShare(new MediaStream([screenTrack]) as unknown as globalThis.MediaStream);
    for (const q of [b, c, d]) await grows(q, 'dev-a:screen/video');
    await until('screen in remotes', () => b.session.remotes().find((m) => m.deviceId === 'dev-a')?.screen != null);

    // Leaving: d's media stops reaching the others.
    await r.leave(d);
    await until('d gone from remotes', () =>
      [a, b, c].every((p) => !p.session.remotes().some((m) => m.deviceId === 'dev-d')),
    );
    await new Promise((res) => setTimeout(res, 1_000));
    const frozen = a.bytesFrom('dev-d/video');
    await grows(a, 'dev-b/video');
    expect(a.bytesFrom('dev-d/video')).toBe(frozen);
    expect(r.sfu.snapshot().peers).toBe(3);

    // End: the room is destroyed on Janus.
    const [roomId] = r.sfu.snapshot().roomIds;
    expect(await roomExists(janus.url, roomId!)).toBe(true);
    await r.sfu.end(CALL_ID);
    expect(await roomExists(janus.url, roomId!)).toBe(false);
    expect(r.sfu.snapshot().rooms).toBe(0);
  }, 400_000);

  it("eight participants joining at once: every receiver gets every sender's audio and video", async () => {
    const r = room();
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const all = await Promise.all(names.map((n) => r.join(n)));
    const missing = (min: number) =>
      all.flatMap((p) =>
        all.flatMap((q) =>
          p === q
            ? []
            : ['audio', 'video']
                .map((kind) => `${q.who.deviceId}/${kind}`)
                .filter((key) => p.bytesFrom(key) < min)
                .map((key) => `${p.who.deviceId} <- ${key}`),
        ),
      );
    await until('every stream flowing', () => missing(2_000).length === 0, 60_000).catch(() => undefined);
    expect(missing(2_000)).toEqual([]);
    // And keeps flowing: each of the 8 x 7 x 2 streams grows.
    for (const p of all) {
      for (const q of all) if (p !== q) await grows(p, `${q.who.deviceId}/video`, 2_000);
    }
  }, 200_000);

  it("twelve joining at once, three restarting ICE: every receiver names every other's streams", async () => {
    const r = room();
    const all = await Promise.all('abcdefghijkl'.split('').map((n) => r.join(n)));
    // What is wrong with p's view of the others: one missing from remotes(), an m-line of its down
    // connection's offer not named by a sender (Janus's own msid "janus..."), a sender with no m-line.
    const wrong = (p: TestParticipant) => {
      const others = all.filter((q) => q !== p).map((q) => q.who.deviceId);
      const listed = p.session.remotes().map((m) => m.deviceId);
      const sdp = p.pcs[0]?.remoteDescription?.sdp ?? '';
      const named = [...sdp.matchAll(/^a=msid:(\S+)/gm)].map((m) => m[1]!);
      const receivers = (p.session.receivingTransceivers() as unknown as RTCRtpTransceiver[]).map(
        (t) => t.receiver.remoteStreamId,
      );
      return [
        ...others.filter((o) => !listed.includes(o)).map((o) => `${p.who.deviceId}: ${o} not in remotes()`),
        ...others
          .filter((o) => named.filter((n) => n === o).length < 2)
          .map((o) => `${p.who.deviceId}: no ${o} m-lines`),
        ...[...named, ...receivers]
          .filter((n) => n !== undefined && !others.some((o) => n === o || n === `${o}:screen`))
          .map((n) => `${p.who.deviceId}: a stream named ${n}`),
      ];
    };
    const allWrong = () => all.flatMap(wrong);
    await until('every stream named', () => allWrong().length === 0, 60_000).catch(() => undefined);
    expect(allWrong()).toEqual([]);

    // Janus's ICE restart offer (the `configured` event) lists no streams: the names must stay.
    const restarting = all.slice(0, 3);
    const before = restarting.map((p) => p.iceUfrags()[0]!.split('|')[1]);
    await Promise.all(restarting.map((p) => p.session.restartIce()));
    await until('down connections restarted', () =>
      restarting.every((p, i) => p.iceUfrags()[0]!.split('|')[1] !== before[i]),
    );
    await until('every stream still named', () => allWrong().length === 0, 30_000).catch(() => undefined);
    expect(allWrong()).toEqual([]);
  }, 200_000);

  it('an ICE restart while the down connection is still connecting: no restart storm, media comes back', async () => {
    const r = room();
    const all = await Promise.all(['a', 'b', 'c'].map((n) => r.join(n)));
    await until('remotes', () => all.every((p) => p.session.remotes().length === 2));
    const a = all[0]!;
    let restarts = 0;
    const signal = r.sfu.signal.bind(r.sfu);
    r.sfu.signal = (callId, deviceId, s) => {
      if (deviceId === 'dev-a' && s.kind === 'offer' && s.pc === 'down') restarts++;
      return signal(callId, deviceId, s);
    };
    // werift then flips failed / connecting every few ms; a restart on each 'failed' never let it
    // connect (100+ restarts in 3 s, no media) before the restart policy's MIN_RESTART_INTERVAL_MS.
    await a.session.restartIce();
    await until('connected again', () => a.session.connectionState() === 'connected', 30_000);
    for (const q of all.slice(1)) {
      await grows(a, `${q.who.deviceId}/video`, 2_000);
      await grows(q, 'dev-a/video', 2_000);
    }
    expect(restarts).toBeLessThan(10);
  }, 120_000);

  it('refuses a device beyond CALL_MAX_PARTICIPANTS; the room goes when the last one leaves', async () => {
    const r = room(2);
    await r.join('a');
    await r.join('b');
    const err = await r.join('c').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('call_full');
    const [roomId] = r.sfu.snapshot().roomIds;
    await r.sfu.leave(CALL_ID, 'dev-a');
    await r.sfu.leave(CALL_ID, 'dev-b');
    expect(r.sfu.snapshot().rooms).toBe(0);
    expect(await roomExists(janus.url, roomId!)).toBe(false);
    await expect(r.sfu.signal(CALL_ID, 'dev-a', { kind: 'answer', pc: 'down', sdp: 'v=0' })).rejects.toMatchObject({
      code: 'call_not_found',
    });
  }, 60_000);

  it('answers calls_unavailable when Janus is not there, and reports calls lost when it goes away', async () => {
    const port = await freePort();
    const hub = new SignalingHub();
    const lost: string[] = [];
    const sfu = new JanusSfu({
      url: `ws://127.0.0.1:${port}`,
      send: hub.send,
      maxParticipants: 8,
      onCallsLost: (ids) => lost.push(...ids),
    });
    cleanups.push(() => sfu.close());
    const err = await sfu.join('call-x', { userId: 'u', deviceId: 'd' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('calls_unavailable');
    expect(sfu.available()).toBe(false);
    expect(lost).toEqual(['call-x']); // the join could carry no media: the call is reported lost
    lost.length = 0;

    // A Janus comes up on that port: the adapter connects; then Janus dies mid-call.
    const j = await startJanus({ port });
    cleanups.push(() => j.stop());
    await until('connected', () => sfu.available(), 30_000);
    await sfu.join('call-x', { userId: 'u', deviceId: 'd' });
    await j.stop();
    await until('call lost', () => lost.includes('call-x'), 10_000);
    expect(sfu.available()).toBe(false);
    expect(sfu.snapshot().rooms).toBe(0);
    await expect(sfu.signal('call-x', 'd', { kind: 'answer', pc: 'down', sdp: 'v=0' })).rejects.toMatchObject({
      code: 'call_not_found',
    });
  }, 60_000);
});
