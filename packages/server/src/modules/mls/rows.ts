// Rows of the MLS tables to protocol objects.
import type { MlsMessage, MlsWelcome } from '@anytime/protocol';
import type { Selectable } from 'kysely';
import type { MlsMessagesTable, MlsWelcomesTable } from '../../storage/schema.js';

export function toMlsMessage(r: Selectable<MlsMessagesTable>): MlsMessage {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    senderId: r.sender_id,
    senderDeviceId: r.sender_device_id,
    kind: r.kind,
    epoch: r.epoch,
    clientId: r.client_id,
    // Only when false (absent means urgent), so entries stored before migration 0024 read the same.
    ...(r.urgent === 0 ? { urgent: false as const } : {}),
    ...(r.former_seq !== null ? { formerSeq: r.former_seq } : {}),
    data: r.data,
    createdAt: r.created_at,
  };
}

export function toMlsWelcome(r: Selectable<MlsWelcomesTable>): MlsWelcome {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    deviceId: r.device_id,
    seq: r.seq,
    epoch: r.epoch,
    data: r.data,
    createdAt: r.created_at,
  };
}
