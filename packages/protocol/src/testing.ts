// Complete wire objects for tests (`@anytime/protocol/testing`): a message or a conversation with
// every field at its plain default, so that a test names only what it is about and a new field
// is added here once, not in every test.
import type { Conversation } from './conversations.js';
import type { Message } from './messages.js';
import type { MlsMessage } from './mls.js';

const EPOCH = '2025-01-01T00:00:00.000Z';

export function testMessage(fields: Partial<Message> & Pick<Message, 'conversationId' | 'seq'>): Message {
  return {
    id: `${fields.conversationId}-m${fields.seq}`,
    senderId: 'u1',
    senderDeviceId: 'd1',
    clientId: `c-${fields.conversationId}-${fields.seq}`,
    text: `message ${fields.seq}`,
    replyToId: null,
    mediaIds: [],
    media: [],
    createdAt: EPOCH,
    system: null,
    entities: [],
    quote: null,
    forwarded: null,
    editedAt: null,
    deletedAt: null,
    expiresAt: null,
    updatedSeq: fields.seq,
    reactions: [],
    pin: null,
    ...fields,
  };
}

export function testConversation(fields: Partial<Conversation> & Pick<Conversation, 'id'>): Conversation {
  return {
    kind: 'direct',
    title: null,
    createdBy: 'u1',
    createdAt: EPOCH,
    lastSeq: 1,
    lastActivityAt: EPOCH,
    memberIds: ['u1', 'u2'],
    memberCount: 2,
    description: null,
    avatarUrl: null,
    announcementsOnly: false,
    ownerId: null,
    adminIds: [],
    disappearAfterSeconds: null,
    encryption: 'none',
    ...fields,
  };
}

/** A secret chat's entry: an urgent application message unless `fields` say otherwise. */
export function testMlsMessage(
  fields: Partial<MlsMessage> & Pick<MlsMessage, 'conversationId' | 'seq' | 'senderId'>,
): MlsMessage {
  return {
    id: `m${fields.seq}`,
    senderDeviceId: 'd',
    kind: 'application',
    epoch: 1,
    clientId: `c${fields.seq}`,
    data: 'AAAA',
    createdAt: EPOCH,
    ...fields,
  };
}

export { filterTestCard, meanAbsDiff, channelStats } from './filter-test-image.js';
