// The seam between call signaling (modules/calls) and the SFU (modules/sfu): calls-core routes every
// SFU call's signals to the node that started the call and drives this port; the SFU answers
// through SfuSend, which calls-core delivers to the device on whatever node it is connected to.
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
}

/** How the SFU sends a signal to a participant device (calls-core delivers it on any node). */
export type SfuSend = (callId: string, to: { userId: string; deviceId: string }, signal: CallSignal) => void;
