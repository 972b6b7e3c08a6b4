// Taps a werift RTCPeerConnection's SRTP: every packet is handed to `onPacket` as it came off the
// wire (clear header, encrypted payload) before werift decrypts it; in count mode it is not
// decrypted at all. A DTLS transport is tapped when ITS handshake is done (its SRTP session then
// exists), not when the connection says 'connected': werift reports 'connected' early when a
// renegotiation is answered while the first DTLS handshake is still running (its connect() returns
// as soon as ICE is up), and the real 'connected' that follows is not reported again; tapping on
// the connection state left such a receiver uncounted (issue 7). A new SRTP session (after an ICE
// restart) is tapped again.
import type { RTCDtlsTransport, RTCPeerConnection } from 'werift';

export type ReceiveMode = 'count' | 'decrypt';

type Srtp = { decrypt(b: Buffer): Buffer; tapped?: boolean };

/** A minimal RTP header on SSRC 0, which no receiver is registered for: werift drops it. */
const EMPTY_RTP = Buffer.from([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

export function tapSrtp(pc: RTCPeerConnection, mode: ReceiveMode, onPacket: (data: Buffer) => void): void {
  const watched = new WeakSet<RTCDtlsTransport>();
  const tap = (dtls: RTCDtlsTransport) => {
    const srtp = (dtls as unknown as { srtp?: Srtp }).srtp;
    if (dtls.state !== 'connected' || !srtp || srtp.tapped) return;
    srtp.tapped = true;
    const decrypt = srtp.decrypt.bind(srtp);
    srtp.decrypt = (data: Buffer) => {
      onPacket(data);
      return mode === 'count' ? EMPTY_RTP : decrypt(data);
    };
  };
  // The DTLS transports exist once a description is applied; the connection goes 'connecting'
  // (or 'connected') right after, before any handshake ends.
  const watch = () => {
    for (const dtls of pc.dtlsTransports) {
      if (watched.has(dtls)) continue;
      watched.add(dtls);
      dtls.onStateChange.subscribe(() => tap(dtls));
      tap(dtls);
    }
  };
  pc.connectionStateChange.subscribe(watch);
  pc.signalingStateChange.subscribe(watch);
}
