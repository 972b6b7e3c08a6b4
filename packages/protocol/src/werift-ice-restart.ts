// werift (0.24) does not run connectivity checks after an ICE restart, so media never comes
// back. The restart itself works: new ufrag/pwd, new candidates, the nominated pair cleared. But
// the checks are started only by RTCPeerConnection.connect() (werift webrtc/src/peerConnection.ts),
// which returns early when the DTLS transport is still 'connected', and a restart keeps DTLS (as
// it should). Nothing is nominated any more, so nothing is sent or received. (werift-ice's
// gatherCandidates() also sets the ICE state to 'completed' when gathering ends, so the ICE
// transport looks done while it never checked.)
//
// After the answer of a restart is applied (either side), this starts the checks that werift
// skipped: for each DTLS transport that is still connected but whose ICE transport has remote
// credentials and no nominated pair. The DTLS session and SRTP keys stay, so media resumes on the
// new pair; the connection state goes back to 'connected' (werift sets it only in connect(), so a
// connection that went 'failed' would stay so). Browsers have no `dtlsTransports`: nothing happens.
//
// Shared (`@anytime/protocol/werift-ice-restart`) by the SDK's call sessions and the server's werift
// SFU: both ends of a connection may be werift. Duck-typed, so neither needs werift's types here.

interface WeriftIceConnection {
  nominated?: unknown;
  remoteUsername?: string;
  remotePassword?: string;
}
interface WeriftIceTransport {
  state: string;
  connection?: WeriftIceConnection;
  start(): Promise<void>;
}
interface WeriftDtlsTransport {
  state: string;
  iceTransport?: WeriftIceTransport;
}

/** Starts werift's ICE checks after a restart when werift did not (see above). Returns how many. */
export function resumeWeriftIceChecks(pc: object): number {
  const werift = pc as unknown as {
    dtlsTransports?: unknown;
    connectionState: string;
    secureManager?: { setConnectionState?: (s: string) => void };
  };
  const transports = werift.dtlsTransports;
  if (!Array.isArray(transports)) return 0;
  let started = 0;
  for (const dtls of transports as WeriftDtlsTransport[]) {
    const ice = dtls.iceTransport;
    const conn = ice?.connection;
    if (!ice || !conn || typeof ice.start !== 'function') continue;
    if (dtls.state !== 'connected') continue; // first connection: werift's connect() runs the checks
    if (ice.state === 'checking' || ice.state === 'connected' || ice.state === 'closed') continue;
    if (conn.nominated || !conn.remoteUsername || !conn.remotePassword) continue;
    started += 1;
    ice
      .start()
      .then(() => {
        if (dtls.state === 'connected' && werift.connectionState !== 'closed') {
          werift.secureManager?.setConnectionState?.('connected');
        }
      })
      .catch(() => undefined); // a failure shows as the connection state 'failed'
  }
  return started;
}

// werift also reports a connection 'failed' that is not: every answer applied runs connect()
// again, and when one comes while the first connect() is still running (an SFU renegotiates as
// soon as others join), the second one's ICE start fails and sets 'failed', though the transport
// that carries the media is connected and has its nominated pair (media flows). werift sets
// 'connected' again only in a later connect(), so the connection would stay 'failed' and a real
// failure later would not show as a change.

/**
 * When werift says 'failed' while every DTLS transport its transceivers use is connected over a
 * nominated ICE pair, puts the state back to 'connected' (on the next microtask, so the 'failed'
 * event's listeners are done) and returns true: the caller ignores that 'failed'. False otherwise
 * (and always with a browser's RTCPeerConnection).
 */
export function undoSpuriousWeriftFailure(pc: object): boolean {
  const werift = pc as unknown as {
    connectionState: string;
    getTransceivers?: () => { dtlsTransport?: WeriftDtlsTransport }[];
    dtlsTransports?: unknown;
    secureManager?: { setConnectionState?: (s: string) => void };
  };
  if (werift.connectionState !== 'failed' || !Array.isArray(werift.dtlsTransports)) return false;
  const used = new Set((werift.getTransceivers?.() ?? []).map((t) => t.dtlsTransport));
  if (used.size === 0) return false;
  for (const dtls of used) {
    const ice = dtls?.iceTransport;
    if (!dtls || dtls.state !== 'connected' || !ice?.connection?.nominated) return false;
    if (ice.state === 'failed' || ice.state === 'disconnected' || ice.state === 'closed') return false;
  }
  queueMicrotask(() => {
    if (werift.connectionState === 'failed') werift.secureManager?.setConnectionState?.('connected');
  });
  return true;
}
