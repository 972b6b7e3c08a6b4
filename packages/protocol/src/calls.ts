// Voice and video calls. A call is a row on the server (so any node can answer for it and the
// chat can show "missed call" / "call, 4:12"); its signaling travels as WebSocket frames that are
// ephemeral (never in the event stream). 1:1 calls are peer to peer (DTLS-SRTP end to end);
// group calls go through the server's SFU. The ICE servers (STUN, and TURN with short-lived
// credentials from the TURN REST API shared secret) come from GET /v1/calls/ice-servers.
import { z } from 'zod';
import { ClientId, Id, QueryInt, Timestamp } from './common.js';

export const CallMedia = z.enum(['audio', 'video']);
export type CallMedia = z.infer<typeof CallMedia>;

/** p2p: 1:1, media straight between the two devices. sfu: group calls, media through the server. */
export const CallTopology = z.enum(['p2p', 'sfu']);
export type CallTopology = z.infer<typeof CallTopology>;

export const CallStatus = z.enum(['ringing', 'active', 'ended']);
export type CallStatus = z.infer<typeof CallStatus>;

/**
 * Why a call ended. hangup: after it was answered. cancelled: the caller gave up before an answer.
 * declined: the callee said no (1:1). busy: the callee was in another call. timeout: nobody answered
 * in CALL_RING_SECONDS. failed: media never connected, or every participant's node went away.
 */
export const CallEndReason = z.enum(['hangup', 'cancelled', 'declined', 'busy', 'timeout', 'failed']);
export type CallEndReason = z.infer<typeof CallEndReason>;

/** A device in the call, with what it shows the others. */
export const CallParticipant = z
  .object({
    userId: Id,
    deviceId: Id,
    joinedAt: Timestamp,
    muted: z.boolean(),
    cameraOff: z.boolean(),
    screenSharing: z.boolean(),
    handRaised: z.boolean(),
  })
  .meta({ id: 'CallParticipant' });
export type CallParticipant = z.infer<typeof CallParticipant>;

export const Call = z
  .object({
    id: Id,
    conversationId: Id,
    topology: CallTopology,
    media: CallMedia,
    callerId: Id,
    callerDeviceId: Id,
    status: CallStatus,
    createdAt: Timestamp,
    /** When the first callee answered (null while ringing, and for calls nobody answered). */
    answeredAt: Timestamp.nullable(),
    endedAt: Timestamp.nullable(),
    endReason: CallEndReason.nullable(),
    /** Devices in the call now (the caller's from the start; empty once ended). */
    participants: z.array(CallParticipant),
    /** Users still being rung (empty once answered, for 1:1). */
    ringing: z.array(Id),
  })
  .meta({ id: 'Call' });
export type Call = z.infer<typeof Call>;

/** What a call left in the chat: the system message of a call carries it (SystemInfo.call). */
export const CallSummary = z
  .object({
    callId: Id,
    media: CallMedia,
    /** missed: nobody answered (timeout, or cancelled by the caller); the rest as CallEndReason. */
    outcome: z.enum(['completed', 'missed', 'declined', 'busy', 'failed']),
    /** From answer to end; 0 when never answered. */
    durationMs: z.number().int().min(0),
  })
  .meta({ id: 'CallSummary' });
export type CallSummary = z.infer<typeof CallSummary>;

/** A device's media connection, as it reports it in call.update (see CallUpdateFrame). */
export const CallMediaState = z.enum(['connecting', 'connected', 'failed']);
export type CallMediaState = z.infer<typeof CallMediaState>;

// ---- signaling payloads ----

/**
 * Which PeerConnection a signal is about. Absent: the one connection of a 1:1 call or of the
 * werift SFU. With the Janus SFU a device has two: `up` (it publishes; the device offers, the SFU
 * answers) and `down` (it receives the others; the SFU offers, the device answers).
 */
export const CallSignalPc = z.enum(['up', 'down']);
export type CallSignalPc = z.infer<typeof CallSignalPc>;

/** One WebRTC signaling message. Relayed as is; the server reads only `kind`. */
export const CallSignal = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('offer'), sdp: z.string().min(1).max(100_000), pc: CallSignalPc.optional() }),
  z.strictObject({ kind: z.literal('answer'), sdp: z.string().min(1).max(100_000), pc: CallSignalPc.optional() }),
  z.strictObject({
    kind: z.literal('candidate'),
    candidate: z.strictObject({
      candidate: z.string().max(2_000),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(1_000).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
    pc: CallSignalPc.optional(),
  }),
  /**
   * From the Janus SFU only: the device joined the room and should publish (offer on its `up`
   * connection). A device seeing it knows the call runs on Janus (two connections).
   */
  z.strictObject({ kind: z.literal('publish') }),
]);
export type CallSignal = z.infer<typeof CallSignal>;

/** The SFU's own device id in call.signal frames (`fromDeviceId` of frames it sends). */
export const SFU_DEVICE_ID = 'sfu';

// ---- client -> server frames (also listed in ClientFrame) ----

/** Start a call in a conversation: rings every device of every other member. */
export const CallInviteFrame = z.strictObject({
  type: z.literal('call.invite'),
  /** Idempotency: the same clientId again answers with the same call. */
  clientId: ClientId,
  conversationId: Id,
  media: CallMedia,
});
/**
 * Optional on accept, decline and hangup: the reply (call.state) and any error frame carry it,
 * so the device can tell its own answer from the others' (added by calls-core).
 */
const ReplyId = { clientId: ClientId.optional() };
/** Answer (1:1) or join (group, while ringing or active) from this device. */
export const CallAcceptFrame = z.strictObject({ type: z.literal('call.accept'), callId: Id, ...ReplyId });
/** Say no on every device of this user (1:1: ends the call as declined; group: stops ringing this user). */
export const CallDeclineFrame = z.strictObject({ type: z.literal('call.decline'), callId: Id, ...ReplyId });
/** Leave the call; the caller leaving before any answer cancels it; the last one out ends it. */
export const CallHangupFrame = z.strictObject({ type: z.literal('call.hangup'), callId: Id, ...ReplyId });
/** A WebRTC message to another device in the call, or to the SFU (toDeviceId "sfu"). */
export const CallSignalFrame = z.strictObject({
  type: z.literal('call.signal'),
  callId: Id,
  toDeviceId: Id,
  signal: CallSignal,
});
/** This device's state as the others see it (only the fields given change). */
export const CallUpdateFrame = z.strictObject({
  type: z.literal('call.update'),
  callId: Id,
  muted: z.boolean().optional(),
  cameraOff: z.boolean().optional(),
  screenSharing: z.boolean().optional(),
  handRaised: z.boolean().optional(),
  /**
   * This device's media connection (RTCPeerConnection.connectionState, simplified): 'connecting'
   * when its session starts, then 'connected' / 'failed' as they happen. The server ends the call
   * as 'failed' when media never connected within CALL_CONNECT_SECONDS of the answer, or stayed
   * failed for CALL_RECONNECT_SECONDS. Not shown to the others.
   */
  mediaState: CallMediaState.optional(),
});

export const CALL_CLIENT_FRAMES = [
  CallInviteFrame,
  CallAcceptFrame,
  CallDeclineFrame,
  CallHangupFrame,
  CallSignalFrame,
  CallUpdateFrame,
] as const;

// ---- server -> client frames (also listed in ControlFrame) ----

/**
 * Incoming call, to every device of each rung user (again to a device that connects while it
 * still rings). Devices stop ringing on the next call.state whose `ringing` no longer names
 * their user (answered here or elsewhere, declined, cancelled, timed out).
 */
export const CallRingFrame = z.object({ type: z.literal('call.ring'), call: Call });
/**
 * The call changed (answered, joined, left, muted, ended...): to every device of the caller, the
 * participants and the rung users. Also the reply to call.invite and call.accept, with clientId.
 */
export const CallStateFrame = z.object({
  type: z.literal('call.state'),
  call: Call,
  clientId: z.string().optional(),
});
/** A WebRTC message from another device in the call, or from the SFU. */
export const CallSignalServerFrame = z.object({
  type: z.literal('call.signal'),
  callId: Id,
  fromUserId: Id,
  fromDeviceId: Id,
  signal: CallSignal,
});

export const CALL_SERVER_FRAMES = [CallRingFrame, CallStateFrame, CallSignalServerFrame] as const;

// ---- HTTP ----

export const IceServer = z
  .object({
    urls: z.array(z.string()).min(1),
    username: z.string().optional(),
    credential: z.string().optional(),
  })
  .meta({ id: 'IceServer' });
export type IceServer = z.infer<typeof IceServer>;

/** STUN and TURN for RTCPeerConnection; TURN credentials expire after ttlSeconds (ask again). */
export const IceServersResponse = z
  .object({ iceServers: z.array(IceServer), ttlSeconds: z.number().int().positive() })
  .meta({ id: 'IceServersResponse' });
export type IceServersResponse = z.infer<typeof IceServersResponse>;

export const CallResponse = z.object({ call: Call }).meta({ id: 'CallResponse' });
export type CallResponse = z.infer<typeof CallResponse>;

export const CallListQuery = z.strictObject({
  /** Calls created before this one (for paging back). */
  beforeId: Id.optional(),
  limit: QueryInt(1, 100).default(50),
});
export type CallListQuery = z.infer<typeof CallListQuery>;

/** The user's calls, newest first: ringing, active and ended (the call log). */
export const CallListResponse = z.object({ calls: z.array(Call) }).meta({ id: 'CallListResponse' });
export type CallListResponse = z.infer<typeof CallListResponse>;

export type CallRingFrame = z.infer<typeof CallRingFrame>;
export type CallStateFrame = z.infer<typeof CallStateFrame>;
export type CallSignalServerFrame = z.infer<typeof CallSignalServerFrame>;
export type CallInviteFrame = z.infer<typeof CallInviteFrame>;
export type CallSignalFrame = z.infer<typeof CallSignalFrame>;
export type CallUpdateFrame = z.infer<typeof CallUpdateFrame>;
