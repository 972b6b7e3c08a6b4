// The call signaling benchmark (`npm run bench:calls -w @anytime/bench`): 1:1 calls between two
// SDK clients against the built server, media by werift in Node (no browser: the Chromium
// numbers come from the web call-setup scenario). Per call: invite -> ring on the callee,
// accept -> the caller sees the call active, and accept -> the first remote RTP packet at the
// caller (ICE, DTLS, SRTP on loopback). Prints p50/p99 over the calls as a Markdown table.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createClient, type AnytimeClient, type CallSession } from '@anytime/sdk';
import { MediaStream, MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket } from 'werift';
import { startServer } from '../server-process.js';

const SERVER_ENTRY = fileURLToPath(new URL('../../../server/dist/main.js', import.meta.url));

export interface CallBenchResult {
  calls: number;
  ringMs: { p50: number; p99: number };
  answerMs: { p50: number; p99: number };
  mediaMs: { p50: number; p99: number };
}

const NODE_WEBRTC = {
  RTCPeerConnection: RTCPeerConnection as unknown as typeof globalThis.RTCPeerConnection,
  MediaStream: MediaStream as unknown as typeof globalThis.MediaStream,
};

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
}

/** A werift audio+video source writing RTP every 20 ms. */
function source() {
  const audio = new MediaStreamTrack({ kind: 'audio' });
  const video = new MediaStreamTrack({ kind: 'video' });
  let seq = 0;
  const timer = setInterval(() => {
    seq = (seq + 1) & 0xffff;
    audio.writeRtp(
      new RtpPacket(new RtpHeader({ payloadType: 111, sequenceNumber: seq, timestamp: seq * 960 }), randomBytes(80)),
    );
    video.writeRtp(
      new RtpPacket(
        new RtpHeader({ payloadType: 96, sequenceNumber: seq, timestamp: seq * 3000, marker: true }),
        randomBytes(800),
      ),
    );
  }, 20);
  return {
    stream: new MediaStream([audio, video]) as unknown as globalThis.MediaStream,
    stop: () => clearInterval(timer),
  };
}

const waitFor = (check: () => boolean, ms: number, what: string) =>
  new Promise<void>((resolve, reject) => {
    const end = Date.now() + ms;
    const t = setInterval(() => {
      if (check()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() > end) {
        clearInterval(t);
        reject(new Error(`timed out: ${what}`));
      }
    }, 2);
  });

async function signedIn(base: string, name: string): Promise<AnytimeClient> {
  const c = createClient({ baseUrl: base });
  await c.register({ username: `${name}_${randomBytes(3).toString('hex')}`, password: 'correct horse battery' });
  await c.connect();
  await waitFor(() => c.connectionState === 'connected', 10_000, 'connected');
  return c;
}

/** First RTP packet on any remote track of the session: resolves with performance.now(). */
function firstRemotePacket(session: CallSession): Promise<number> {
  return new Promise((resolve) => {
    const seen = new Set<unknown>();
    const watch = () => {
      for (const r of session.remotes()) {
        for (const t of r.stream.getTracks() as unknown as MediaStreamTrack[]) {
          if (seen.has(t)) continue;
          seen.add(t);
          const sub = t.onReceiveRtp.subscribe(() => {
            sub.unSubscribe();
            resolve(performance.now());
          });
        }
      }
    };
    session.on('remotes', watch);
    watch();
  });
}

export async function runCallBench(calls: number): Promise<CallBenchResult> {
  const server = await startServer({ entry: SERVER_ENTRY, env: { PASSWORD_HASH_COST: '10' } });
  const ring: number[] = [];
  const answer: number[] = [];
  const media: number[] = [];
  try {
    const alice = await signedIn(server.baseUrl, 'alice');
    const bob = await signedIn(server.baseUrl, 'bob');
    const conv = (
      await alice.call('createConversation', { body: { kind: 'direct', memberIds: [bob.session!.userId] } })
    ).conversation.id;
    // Warm the ICE server cache as an app does at start.
    await Promise.all([alice.calls.iceServers(), bob.calls.iceServers()]);
    for (let i = 0; i < calls; i++) {
      const a = source();
      const b = source();
      let rungAt = 0;
      const rung = new Promise<string>((resolve) => {
        const off = bob.calls.on('ring', (f) => {
          rungAt = performance.now();
          off();
          resolve(f.call.id);
        });
      });
      const t0 = performance.now();
      const call = await alice.calls.invite(conv, 'video');
      const aliceSession = await alice.calls.startSession(call, { localStream: a.stream, ...NODE_WEBRTC });
      const first = firstRemotePacket(aliceSession);
      await rung;
      ring.push(rungAt - t0);
      // The callee prepares its session while ringing (camera on), then answers.
      const tAccept = performance.now();
      const answered = await bob.calls.accept(call.id);
      const bobSession = await bob.calls.startSession(answered, { localStream: b.stream, ...NODE_WEBRTC });
      await waitFor(() => aliceSession.call.status === 'active', 10_000, 'active at the caller');
      answer.push(performance.now() - tAccept);
      media.push((await first) - tAccept);
      const ended = new Promise<void>((r) => bobSession.on('ended', r));
      await aliceSession.hangup();
      await ended;
      a.stop();
      b.stop();
    }
    alice.disconnect();
    bob.disconnect();
  } finally {
    await server.stop();
  }
  const q = (xs: number[]) => ({ p50: quantile(xs, 0.5), p99: quantile(xs, 0.99) });
  return { calls, ringMs: q(ring), answerMs: q(answer), mediaMs: q(media) };
}

export function formatCallResult(r: CallBenchResult): string {
  const row = (what: string, m: { p50: number; p99: number }) =>
    `| ${what} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} |`;
  return [
    `| 1:1 call, ${r.calls} calls in a row (SDK clients, werift media, built server on loopback) | p50 ms | p99 ms |`,
    '| --- | --- | --- |',
    row('invite -> ring on the callee', r.ringMs),
    row('accept -> caller sees the call active', r.answerMs),
    row('accept -> first remote RTP packet at the caller (ICE + DTLS + SRTP)', r.mediaMs),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number(process.argv.find((a) => a.startsWith('--calls='))?.slice(8) ?? 20);
  const r = await runCallBench(n);
  console.log(formatCallResult(r));
}
