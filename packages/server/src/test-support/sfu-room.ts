// An SFU (werift or Janus, through SfuPort) in a room of synthetic participants without a server:
// the call state lives here and reaches every participant through the SignalingHub, as calls-core
// would send it. Shared by werift-sfu.test.ts and janus-sfu.test.ts.
import type { Call, CallParticipant } from '@anytime/protocol';
import type { SfuPort, SfuSend } from '../modules/calls/sfu-port.js';
import { grows, SignalingHub, TestParticipant } from './sfu-participant.js';

const now = () => new Date().toISOString();

function baseCall(id: string): Call {
  return {
    id,
    conversationId: 'conv-1',
    topology: 'sfu',
    media: 'video',
    callerId: 'user-a',
    callerDeviceId: 'dev-a',
    status: 'active',
    createdAt: now(),
    answeredAt: now(),
    endedAt: null,
    endReason: null,
    participants: [],
    ringing: [],
  };
}

/** A room of call `callId` on the SFU `makeSfu` builds; `cleanups` closes it after the test. */
export function sfuRoom<S extends SfuPort>(
  callId: string,
  makeSfu: (send: SfuSend) => S,
  cleanups: (() => Promise<void> | void)[],
) {
  const hub = new SignalingHub();
  const sfu = makeSfu(hub.send);
  hub.sfu = sfu;
  let call = baseCall(callId);
  const participants: TestParticipant[] = [];
  const setCall = (next: Call) => {
    call = next;
    hub.broadcast(call);
  };
  const patch = (deviceId: string, p: Partial<CallParticipant>) =>
    setCall({ ...call, participants: call.participants.map((x) => (x.deviceId === deviceId ? { ...x, ...p } : x)) });
  const join = async (name: string) => {
    const who = { userId: `user-${name}`, deviceId: `dev-${name}` };
    const participant: CallParticipant = {
      ...who,
      joinedAt: now(),
      muted: false,
      cameraOff: false,
      screenSharing: false,
      handRaised: false,
    };
    setCall({ ...call, participants: [...call.participants, participant] });
    const p = new TestParticipant(
      who,
      call,
      hub.depsFor(who, (x) => patch(who.deviceId, x)),
    );
    participants.push(p);
    await sfu.join(callId, who);
    return p;
  };
  const leave = async (p: TestParticipant) => {
    await p.session.hangup();
    p.stop();
    setCall({ ...call, participants: call.participants.filter((x) => x.deviceId !== p.who.deviceId) });
  };
  cleanups.push(async () => {
    for (const p of participants) p.stop();
    await sfu.close();
  });
  return { sfu, join, leave, hub, call: () => call };
}

/** Every participant receives every other's audio and video (bytes growing). */
export async function everyoneReceives(ps: TestParticipant[]): Promise<void> {
  for (const p of ps) {
    for (const q of ps) {
      if (p === q) continue;
      await grows(p, `${q.who.deviceId}/audio`, 2_000);
      await grows(p, `${q.who.deviceId}/video`);
    }
  }
}
