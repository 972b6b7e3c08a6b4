// How a session tells the server about its media connection (call.update mediaState), so that a
// call whose media never connects, or stays failed, ends as 'failed' (server media-failure.ts).
// Only changes are sent, and 'connecting' only as the first report.
import type { CallMediaState } from '@anytime/protocol';

export class MediaReporter {
  private reported: CallMediaState | null = null;

  constructor(private readonly send: (state: CallMediaState) => void) {}

  report(state: CallMediaState): void {
    if (this.reported === state) return;
    if (state === 'connecting' && this.reported !== null) return;
    this.reported = state;
    this.send(state);
  }

  /** Reports what an RTCPeerConnection state means for the media ('new', 'disconnected'... say nothing). */
  reportConnection(state: RTCPeerConnectionState): void {
    if (state === 'connected' || state === 'failed') this.report(state);
  }
}
