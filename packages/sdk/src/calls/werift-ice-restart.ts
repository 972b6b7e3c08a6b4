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
export function resumeWeriftIceChecks(pc: RTCPeerConnection): number {
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
