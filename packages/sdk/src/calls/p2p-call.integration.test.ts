// A real 1:1 call between two Node clients through a real server: signaling over the socket,
// media over werift's RTCPeerConnection (DTLS-SRTP, host candidates on loopback). RTP written on
// each side's audio and video tracks arrives on the other side; stats() reads the selected pair;
// screen share renegotiates (perfect negotiation) and adds a second remote stream; after an ICE
// restart (new credentials, new candidate pair) media flows both ways again; each side reports
// its media connection to the server; hanging up ends both sessions and leaves the call message.
// When both sides offer at once (glare), the polite side offers its change again afterwards.
import { startTestServer, type TestServer } from '@anytime/server';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaStream, MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket } from 'werift';
import type { CallSession, StartSessionOptions } from './call-session.js';
import { device, PASSWORD, uniqueName, until } from '../test-support/harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** werift's classes stand in for the browser's (same API for what the session uses). */
const NODE_WEBRTC = {
  RTCPeerConnection: RTCPeerConnection as unknown as typeof globalThis.RTCPeerConnection,
  MediaStream: MediaStream as unknown as typeof globalThis.MediaStream,
};

/** A local "camera and microphone": werift tracks fed with RTP packets every 20 ms. */
function fakeMedia() {
  const audio = new MediaStreamTrack({ kind: 'audio' });
  const video = new MediaStreamTrack({ kind: 'video' });
  const stream = new MediaStream([audio, video]);
  let seq = 0;
  const timer = setInterval(() => {
    seq = (seq + 1) & 0xffff;
    for (const [track, pt] of [
      [audio, 111],
      [video, 96],
    ] as const) {
      const header = new RtpHeader({ payloadType: pt, sequenceNumber: seq, timestamp: seq * 960, marker: true });
      track.writeRtp(new RtpPacket(header, randomBytes(pt === 96 ? 600 : 80)));
    }
  }, 20);
  return { stream: stream as unknown as globalThis.MediaStream, audio, video, stop: () => clearInterval(timer) };
}

/** Counts RTP payload bytes arriving on a session's remote tracks, by kind. */
function inbound(session: CallSession) {
  const bytes = { audio: 0, video: 0, screen: 0 };
  const seen = new Set<unknown>();
  const watch = () => {
    for (const r of session.remotes()) {
      for (const [stream, isScreen] of [
        [r.stream, false],
        [r.screen, true],
      ] as const) {
        for (const t of (stream?.getTracks() ?? []) as unknown as MediaStreamTrack[]) {
          if (seen.has(t)) continue;
          seen.add(t);
          t.onReceiveRtp.subscribe((p) => {
            if (isScreen) bytes.screen += p.payload.length;
            else bytes[t.kind === 'audio' ? 'audio' : 'video'] += p.payload.length;
          });
        }
      }
    }
  };
  session.on('remotes', watch);
  session.on('call', watch);
  watch();
  return bytes;
}

async function signedIn() {
  const d = device(server.url);
  await d.client.register({ username: uniqueName('call'), password: PASSWORD });
  await d.client.connect();
  await until(() => d.client.connectionState === 'connected', 10_000, 'connected');
  return d;
}

/** Two signed-in users in a video call whose media flows both ways. */
async function connectedCall() {
  const [alice, bob] = await Promise.all([signedIn(), signedIn()]);
  const bobId = bob.client.session!.userId;
  const conv = (await alice.client.call('createConversation', { body: { kind: 'direct', memberIds: [bobId] } }))
    .conversation.id;
  const aliceMedia = fakeMedia();
  const bobMedia = fakeMedia();
  const opts = (m: ReturnType<typeof fakeMedia>): StartSessionOptions => ({ localStream: m.stream, ...NODE_WEBRTC });

  let bobSession: CallSession | null = null;
  bob.client.calls.on('ring', (f) => {
    void (async () => {
      const answered = await bob.client.calls.accept(f.call.id);
      bobSession = await bob.client.calls.startSession(answered, opts(bobMedia));
    })();
  });
  const call = await alice.client.calls.invite(conv, 'video');
  expect(call.status).toBe('ringing');
  const aliceSession = await alice.client.calls.startSession(call, opts(aliceMedia));
  await until(() => bobSession !== null, 15_000, 'bob answered');
  const atAlice = inbound(aliceSession);
  const atBob = inbound(bobSession!);

  await until(
    () => aliceSession.connectionState() === 'connected' && bobSession!.connectionState() === 'connected',
    20_000,
    'both connected',
  );
  await until(
    () => atAlice.audio > 4_000 && atAlice.video > 20_000 && atBob.audio > 4_000 && atBob.video > 20_000,
    40_000,
    `media both ways (alice got ${JSON.stringify(atAlice)}, bob got ${JSON.stringify(atBob)})`,
  );
  const end = () => {
    aliceMedia.stop();
    bobMedia.stop();
    alice.client.disconnect();
    bob.client.disconnect();
  };
  return { alice, bob, bobId, call, aliceSession, bobSession: bobSession!, atAlice, atBob, end };
}

/** A screen "capture" fed with RTP every 20 ms; stop() ends the feed. */
function fakeScreen() {
  const track = new MediaStreamTrack({ kind: 'video' });
  const stream = new MediaStream([track]) as unknown as globalThis.MediaStream;
  const timer = setInterval(() => {
    const header = new RtpHeader({
      payloadType: 96,
      sequenceNumber: Date.now() & 0xffff,
      timestamp: Date.now(),
      marker: true,
    });
    track.writeRtp(new RtpPacket(header, randomBytes(500)));
  }, 20);
  return { stream, stop: () => clearInterval(timer) };
}

type PcView = { localDescription: { sdp: string } | null; remoteDescription: { sdp: string } | null };
const pcOf = (x: CallSession) => (x as unknown as { pc: PcView }).pc;
const ufrag = (pc: PcView) => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];

/** Waits until both sides applied the other's descriptions carrying fresh ICE credentials. */
async function iceRestarted(offerer: CallSession, answerer: CallSession, before: string | undefined) {
  await until(
    () =>
      ufrag(pcOf(offerer)) !== before &&
      pcOf(answerer).remoteDescription?.sdp.includes(`a=ice-ufrag:${ufrag(pcOf(offerer))}`) === true,
    40_000,
    'ICE restart offer applied by the other side',
  );
  await until(
    () => pcOf(offerer).remoteDescription?.sdp.includes(`a=ice-ufrag:${ufrag(pcOf(answerer))}`) === true,
    40_000,
    'ICE restart answer applied',
  );
}

describe('P2P call with werift', () => {
  it('media flows both ways; screen share and ICE restart renegotiate; hangup ends both', async () => {
    const { alice, bob, bobId, call, aliceSession, bobSession, atAlice, atBob, end } = await connectedCall();
    expect(aliceSession.call.status).toBe('active');
    expect(aliceSession.remotes()[0]).toMatchObject({ userId: bobId, deviceId: bob.client.session!.deviceId });

    const stats = await aliceSession.stats();
    expect(stats.candidateType).toBe('host');
    await new Promise((r) => setTimeout(r, 500));
    const later = await aliceSession.stats();
    expect(later.inboundKbps).toBeGreaterThan(10);

    // Mute shows on the other side.
    aliceSession.setMuted(true);
    await until(() => bobSession.call.participants.some((p) => p.muted), 10_000, 'mute seen');

    // Screen share from bob (the polite side) renegotiates and reaches alice as a second stream.
    const screen = fakeScreen();
    await bobSession.startScreenShare(screen.stream);
    try {
      await until(() => aliceSession.remotes()[0]?.screen != null, 40_000, 'screen stream at alice');
      await until(() => atAlice.screen > 10_000, 40_000, `screen bytes at alice (${JSON.stringify(atAlice)})`);
    } finally {
      screen.stop();
    }

    // An ICE restart renegotiates with new ICE credentials on both sides, and media comes back
    // both ways on the new candidate pair (werift needs werift-ice-restart.ts for that).
    const before = ufrag(pcOf(aliceSession));
    await aliceSession.restartIce();
    await iceRestarted(aliceSession, bobSession, before);
    const afterRestart = { alice: { ...atAlice }, bob: { ...atBob } };
    await until(
      () =>
        atAlice.audio > afterRestart.alice.audio + 4_000 &&
        atAlice.video > afterRestart.alice.video + 20_000 &&
        atBob.audio > afterRestart.bob.audio + 4_000 &&
        atBob.video > afterRestart.bob.video + 20_000,
      40_000,
      `media both ways after the ICE restart (alice got ${JSON.stringify(atAlice)}, bob got ${JSON.stringify(atBob)})`,
    );
    expect(aliceSession.connectionState()).toBe('connected');
    expect(bobSession.connectionState()).toBe('connected');

    const bobEnded = new Promise<void>((r) => bobSession.on('ended', r));
    await aliceSession.hangup();
    await bobEnded;
    const ended = await alice.client.calls.get(call.id);
    expect(ended).toMatchObject({ status: 'ended', endReason: 'hangup' });
    const log = await bob.client.calls.list();
    expect(log[0]?.id).toBe(call.id);
    end();
  }, 120_000);

  it('a screen share started while the other side restarts ICE still reaches it (offers collide)', async () => {
    const { aliceSession, bobSession, atAlice, end } = await connectedCall();
    // Both offer at once: alice (impolite) keeps hers; bob rolls his back, answers, and must offer
    // his screen again afterwards, or alice never gets it.
    const before = ufrag(pcOf(aliceSession));
    const screen = fakeScreen();
    try {
      await Promise.all([aliceSession.restartIce(), bobSession.startScreenShare(screen.stream)]);
      await iceRestarted(aliceSession, bobSession, before);
      await until(() => aliceSession.remotes()[0]?.screen != null, 40_000, 'screen stream at alice');
      await until(() => atAlice.screen > 10_000, 40_000, `screen bytes at alice (${JSON.stringify(atAlice)})`);
    } finally {
      screen.stop();
    }
    await aliceSession.hangup();
    end();
  }, 120_000);
});
