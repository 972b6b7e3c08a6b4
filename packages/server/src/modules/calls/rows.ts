// Reading calls: a call row with its devices in the call and its users still ringing, as the
// protocol's Call; and who may see or act on a call.
import type { Call } from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { CallParticipantsTable, CallRungTable, CallsTable, DB } from '../../storage/schema.js';

export type CallRow = Selectable<CallsTable>;
export type ParticipantRow = Selectable<CallParticipantsTable>;
export type RungRow = Selectable<CallRungTable>;

export interface CallRecord {
  row: CallRow;
  /** Every device that was ever in the call (left ones have left_at). */
  participants: ParticipantRow[];
  rung: RungRow[];
}

export function toCall({ row, participants, rung }: CallRecord): Call {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    topology: row.topology,
    media: row.media,
    callerId: row.caller_id,
    callerDeviceId: row.caller_device_id,
    status: row.status,
    createdAt: row.created_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
    participants:
      row.status === 'ended'
        ? []
        : participants
            .filter((p) => p.left_at === null)
            .sort((a, b) => a.joined_at.localeCompare(b.joined_at) || a.device_id.localeCompare(b.device_id))
            .map((p) => ({
              userId: p.user_id,
              deviceId: p.device_id,
              joinedAt: p.joined_at,
              muted: p.muted === 1,
              cameraOff: p.camera_off === 1,
              screenSharing: p.screen_sharing === 1,
              handRaised: p.hand_raised === 1,
            })),
    ringing:
      row.status === 'ended'
        ? []
        : rung
            .filter((r) => r.state === 'ringing')
            .map((r) => r.user_id)
            .sort(),
  };
}

export async function loadCallRecords(db: Kysely<DB>, ids: string[]): Promise<CallRecord[]> {
  if (ids.length === 0) return [];
  const [rows, participants, rung] = await Promise.all([
    db.selectFrom('calls').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('call_participants').selectAll().where('call_id', 'in', ids).execute(),
    db.selectFrom('call_rung').selectAll().where('call_id', 'in', ids).execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      { row, participants: participants.filter((p) => p.call_id === id), rung: rung.filter((r) => r.call_id === id) },
    ];
  });
}

export async function loadCallRecord(db: Kysely<DB>, id: string): Promise<CallRecord | null> {
  const [r] = await loadCallRecords(db, [id]);
  return r ?? null;
}

/** Whether a user was in the call, was rung for it, or started it. */
export function involves(rec: CallRecord, userId: string): boolean {
  return (
    rec.row.caller_id === userId ||
    rec.rung.some((r) => r.user_id === userId) ||
    rec.participants.some((p) => p.user_id === userId)
  );
}

/** Every user whose devices get the call's state: the caller, the rung and the participants. */
export function audienceOf(rec: CallRecord): string[] {
  return [
    ...new Set([rec.row.caller_id, ...rec.rung.map((r) => r.user_id), ...rec.participants.map((p) => p.user_id)]),
  ];
}

/** The device's live entry in the call, if it is in it now. */
export function liveParticipant(rec: CallRecord, deviceId: string): ParticipantRow | undefined {
  return rec.participants.find((p) => p.device_id === deviceId && p.left_at === null);
}
