// Child process of the SFU capacity bench: runs the server's werift SFU alone, so its CPU is
// measured apart from the synthetic participants. Talks to the coordinator over IPC.
import type { CallSignal } from '@anytime/protocol';
import { WeriftSfu } from '@anytime/server/sfu';

export type SfuHostIn =
  | { t: 'join'; callId: string; who: { userId: string; deviceId: string } }
  | { t: 'signal'; callId: string; deviceId: string; signal: CallSignal }
  | { t: 'snapshot' }
  | { t: 'close' };
export type SfuHostOut =
  | { t: 'signal'; deviceId: string; signal: CallSignal }
  | { t: 'snapshot'; snapshot: ReturnType<WeriftSfu['snapshot']> };

const send = (m: SfuHostOut) => process.send?.(m);
const sfu = new WeriftSfu({
  send: (_c, to, signal) => send({ t: 'signal', deviceId: to.deviceId, signal }),
  maxParticipants: 500,
});

process.on('message', (m: SfuHostIn) => {
  if (m.t === 'join') void sfu.join(m.callId, m.who);
  else if (m.t === 'signal') void sfu.signal(m.callId, m.deviceId, m.signal).catch(() => undefined);
  else if (m.t === 'snapshot') send({ t: 'snapshot', snapshot: sfu.snapshot() });
  else void sfu.close().then(() => process.exit(0));
});
