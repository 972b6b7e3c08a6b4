// The bench's SRTP tap against two real werift connections, in the race of issue 7: the receiver
// answers a renegotiation after ICE is up but before its DTLS handshake ends, so werift reports
// 'connected' before SRTP exists. Every packet must still be counted (tapping on 'connected' lost
// them all).
import { afterEach, describe, expect, it } from 'vitest';
import { MediaStreamTrack, RTCPeerConnection } from 'werift';
import { tapSrtp } from './srtp-tap.js';

async function until(what: string, check: () => boolean, timeoutMs = 4_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function rtp(seq: number): Buffer {
  const b = Buffer.alloc(112);
  b[0] = 0x80;
  b[1] = 111;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE(seq * 960, 4);
  b.writeUInt32BE(1234, 8);
  return b;
}

describe('tapSrtp', () => {
  const pcs: RTCPeerConnection[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  afterEach(async () => {
    clearInterval(timer);
    for (const pc of pcs.splice(0)) await pc.close();
  });

  it('counts every packet of a receiver that answered a renegotiation during its DTLS handshake', async () => {
    const sender = new RTCPeerConnection();
    const receiver = new RTCPeerConnection();
    pcs.push(sender, receiver);
    const counted: Buffer[] = [];
    tapSrtp(receiver, 'count', (d) => counted.push(d));
    const statesSeenWithoutSrtp: string[] = [];
    receiver.connectionStateChange.subscribe((s) => {
      if (!receiver.dtlsTransports.every((t) => t.state === 'connected')) statesSeenWithoutSrtp.push(s);
    });
    sender.onicecandidate = (e) => void (e.candidate && receiver.addIceCandidate(e.candidate));
    receiver.onicecandidate = (e) => void (e.candidate && sender.addIceCandidate(e.candidate));

    const track = new MediaStreamTrack({ kind: 'audio' });
    sender.addTransceiver(track, { direction: 'sendonly' });
    const negotiate = async () => {
      await sender.setLocalDescription(await sender.createOffer());
      await receiver.setRemoteDescription(sender.localDescription!);
      await receiver.setLocalDescription(await receiver.createAnswer());
      await sender.setRemoteDescription(receiver.localDescription!);
    };
    await negotiate();
    // ICE is up, DTLS not yet (werift's DTLS client waits 100 ms): a second m-line is negotiated,
    // as Janus does when another publisher joins right after this subscriber.
    await until('ICE connected', () => receiver.iceConnectionState === 'connected');
    expect(receiver.dtlsTransports.every((t) => t.state !== 'connected')).toBe(true);
    sender.addTransceiver('video', { direction: 'sendonly' });
    await negotiate();

    await until('DTLS connected', () => receiver.dtlsTransports.every((t) => t.state === 'connected'));
    let seq = 0;
    timer = setInterval(() => track.writeRtp(rtp(seq++)), 10);
    await until('20 packets counted', () => counted.length >= 20);
    expect(counted.every((d) => d.readUInt32BE(8) !== 0)).toBe(true);
    // The race did happen: werift said 'connected' before DTLS was.
    expect(statesSeenWithoutSrtp).toContain('connected');
  });
});
