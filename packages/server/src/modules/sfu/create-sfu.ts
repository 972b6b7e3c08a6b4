// Picks the node's SFU from the configuration (CALLS_SFU). With the SFU off there is none: the
// calls module then refuses group calls with calls_unavailable instead of ringing into a call that
// could never carry media.
import type { Config } from '../../config.js';
import type { SfuFactory } from '../calls/sfu-port.js';
import { JanusSfu } from './janus/janus-sfu.js';
import { WeriftSfu } from './werift-sfu.js';

type SfuConfig = Pick<
  Config,
  'CALLS_SFU' | 'CALL_MAX_PARTICIPANTS' | 'SFU_PORT_MIN' | 'SFU_PORT_MAX' | 'JANUS_URL' | 'JANUS_API_SECRET'
>;

export function sfuFactory(config: SfuConfig): SfuFactory | null {
  if (config.CALLS_SFU === 'off') return null;
  if (config.CALLS_SFU === 'janus') {
    const url = config.JANUS_URL;
    if (!url) throw new Error('CALLS_SFU=janus needs JANUS_URL');
    return (send, hooks) =>
      new JanusSfu({
        url,
        apiSecret: config.JANUS_API_SECRET,
        send,
        maxParticipants: config.CALL_MAX_PARTICIPANTS,
        log: hooks?.log,
        onCallsLost: hooks?.onCallsLost,
      });
  }
  return (send, hooks) =>
    new WeriftSfu({
      send,
      onPeerMedia: hooks?.peerMedia,
      maxParticipants: config.CALL_MAX_PARTICIPANTS,
      portRange: config.SFU_PORT_MIN ? [config.SFU_PORT_MIN, config.SFU_PORT_MAX] : undefined,
    });
}
