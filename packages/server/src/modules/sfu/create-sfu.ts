// Picks the SFU from the configuration (CALLS_SFU). With the SFU off, group calls fail at once with
// calls_unavailable instead of ringing into a call that can never carry media.
import type { Config } from '../../config.js';
import { ApiError } from '../../http/errors.js';
import type { SfuPort, SfuSend } from '../calls/sfu-port.js';
import { WeriftSfu, type WeriftSfuOptions } from './werift-sfu.js';

export interface CreateSfuOptions {
  send: SfuSend;
  iceServers?: WeriftSfuOptions['iceServers'];
  onPeerFailed?: WeriftSfuOptions['onPeerFailed'];
}

type SfuConfig = Pick<Config, 'CALLS_SFU' | 'CALL_MAX_PARTICIPANTS' | 'SFU_PORT_MIN' | 'SFU_PORT_MAX'>;

export function createSfu(config: SfuConfig, options: CreateSfuOptions): SfuPort {
  if (config.CALLS_SFU === 'off') return new UnavailableSfu();
  return new WeriftSfu({
    ...options,
    maxParticipants: config.CALL_MAX_PARTICIPANTS,
    portRange: config.SFU_PORT_MIN ? [config.SFU_PORT_MIN, config.SFU_PORT_MAX] : undefined,
  });
}

export class UnavailableSfu implements SfuPort {
  async join(): Promise<void> {
    throw new ApiError('calls_unavailable', 'Group calls are off on this server (CALLS_SFU=off).');
  }
  async signal(): Promise<void> {
    throw new ApiError('calls_unavailable', 'Group calls are off on this server (CALLS_SFU=off).');
  }
  async leave(): Promise<void> {}
  async end(): Promise<void> {}
  async close(): Promise<void> {}
}
