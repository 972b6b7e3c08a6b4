// The seam between call signaling (this module) and the SFU (modules/sfu): the SFU implements
// SfuPort; the calls module calls it on the ONE node that hosts a group call's SFU session
// (recorded on the call row), whatever node each device is connected to, and hands it an SfuSend
// that delivers the SFU's signals to a participant device on any node.
import type { CallSignal } from '@anytime/protocol';

export interface SfuPort {
  /** A device joins the SFU session of a call (created on first join). */
  join(callId: string, who: { userId: string; deviceId: string }): Promise<void>;
  /** A signal from a participant device to the SFU. */
  signal(callId: string, fromDeviceId: string, signal: CallSignal): Promise<void>;
  leave(callId: string, deviceId: string): Promise<void>;
  /** The call ended: drop the session. */
  end(callId: string): Promise<void>;
  close(): Promise<void>;
  /** Whether the SFU can take a new call now (an external SFU may be unreachable); absent: always. */
  available?(): boolean;
}

/** How the SFU sends a signal to a participant device (calls-core delivers it on any node). */
export type SfuSend = (callId: string, to: { userId: string; deviceId: string }, signal: CallSignal) => void;

/** What an SFU can say of a participant's connection to it. */
export type SfuPeerMedia = 'connected' | 'failed';

/** What the calls module offers an SFU besides the sender: its log, and ways to report trouble. */
export interface SfuHooks {
  log: {
    warn(obj: object, msg: string): void;
    info(obj: object, msg: string): void;
    debug(obj: object, msg: string): void;
  };
  /** These calls lost their media for good (an external SFU went away): end them as failed. */
  onCallsLost(callIds: string[]): void;
  /** A participant's connection to the SFU connected or failed (counts as its media report). */
  peerMedia(callId: string, deviceId: string, state: SfuPeerMedia): void;
}

/** Builds the node's SFU with the sender it must use (app.ts passes one, from config, to the calls module). */
export type SfuFactory = (send: SfuSend, hooks?: SfuHooks) => SfuPort;
