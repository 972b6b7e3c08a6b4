// The media side of one call on this device, whatever the topology: P2PCallSession (1:1, calls-core)
// and SfuCallSession (groups, sfu-session.ts) both implement it, so the UI never cares which.
import type { Call } from '@anytime/protocol';

export interface CallStats {
  rttMs: number | null;
  jitterMs: number | null;
  packetLossPct: number | null;
  inboundKbps: number;
  outboundKbps: number;
  /** host | srflx | prflx | relay of the selected candidate pair. */
  candidateType: string | null;
}

export interface RemoteParticipantMedia {
  userId: string;
  deviceId: string;
  stream: MediaStream;
  screen: MediaStream | null;
}

export type CallSessionEvent = 'remotes' | 'call' | 'connection' | 'ended';

export interface CallSession {
  /** Latest call.state. */
  readonly call: Call;
  readonly localStream: MediaStream;
  remotes(): RemoteParticipantMedia[];
  on(event: CallSessionEvent, fn: () => void): () => void;
  connectionState(): RTCPeerConnectionState;
  /** track.enabled + call.update. */
  setMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  /** Device switch, masks/effects. */
  replaceVideoTrack(track: MediaStreamTrack | null): Promise<void>;
  replaceAudioTrack(track: MediaStreamTrack): Promise<void>;
  startScreenShare(stream: MediaStream): Promise<void>;
  stopScreenShare(): Promise<void>;
  raiseHand(up: boolean): void;
  restartIce(): Promise<void>;
  stats(): Promise<CallStats>;
  hangup(): Promise<void>;
}
