// The interface every call session implements, whatever carries the media: P2PCallSession (1:1,
// straight between the two devices) and SfuCallSession (group calls through the server's SFU).
// The web UI talks only to this interface.
import type { Call, CallMediaState, CallSignal, IceServer } from '@anytime/protocol';

export interface CallStats {
  rttMs: number | null;
  jitterMs: number | null;
  packetLossPct: number | null;
  inboundKbps: number;
  outboundKbps: number;
  /** host | srflx | prflx | relay of the selected candidate pair (local side). */
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
  /** The latest call.state. */
  readonly call: Call;
  readonly localStream: MediaStream;
  remotes(): RemoteParticipantMedia[];
  on(event: CallSessionEvent, fn: () => void): () => void;
  connectionState(): RTCPeerConnectionState;
  /** track.enabled + call.update */
  setMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  /** Device switch, masks/effects; null stops sending video. */
  replaceVideoTrack(track: MediaStreamTrack | null): Promise<void>;
  replaceAudioTrack(track: MediaStreamTrack): Promise<void>;
  startScreenShare(stream: MediaStream): Promise<void>;
  stopScreenShare(): Promise<void>;
  raiseHand(up: boolean): void;
  restartIce(): Promise<void>;
  stats(): Promise<CallStats>;
  hangup(): Promise<void>;
}

/** What a session needs from the client: signaling and the call's updates (given by CallsClient). */
export interface CallSessionDeps {
  /** This device (to tell own participant entries from the others). */
  userId: string;
  deviceId: string;
  iceServers: IceServer[];
  sendSignal(callId: string, toDeviceId: string, signal: CallSignal): void;
  update(
    callId: string,
    patch: {
      muted?: boolean;
      cameraOff?: boolean;
      screenSharing?: boolean;
      handRaised?: boolean;
      /** The media connection, for the server's 'failed' rule (P2P sessions report it). */
      mediaState?: CallMediaState;
    },
  ): void;
  hangup(callId: string): Promise<void>;
  /** Subscribes to call.state of this call (returns unsubscribe). */
  onState(fn: (call: Call) => void): () => void;
  /** Subscribes to call.signal frames of this call (returns unsubscribe). */
  onSignal(fn: (from: { userId: string; deviceId: string }, signal: CallSignal) => void): () => void;
}

export interface StartSessionOptions {
  localStream: MediaStream;
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** The RTCPeerConnection class (werift's in Node); default: the global one. */
  RTCPeerConnection?: typeof RTCPeerConnection;
  /** The MediaStream class, for remote streams (werift's in Node); default: the global one. */
  MediaStream?: typeof MediaStream;
}

/** A session class: P2PCallSession or SfuCallSession. */
export type CallSessionFactory = (call: Call, deps: CallSessionDeps, options: StartSessionOptions) => CallSession;
