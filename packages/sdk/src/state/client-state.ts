// The client's picture of the world, built from events or from a fresh fetch; both must agree.
import type { Block, Contact, Conversation, ConversationState, Message, User, UserSettings } from '@anytime/protocol';

/** How far one member has received and read the signed-in user's messages of a conversation. */
export interface ReceiptPositions {
  deliveredSeq: number;
  readSeq: number;
}

export interface ClientState {
  /** The signed-in user's profile, once known. */
  user: User | null;
  /** The user's privacy and notification settings, once known. */
  settings: UserSettings | null;
  conversations: Readonly<Record<string, Conversation>>;
  /** Each conversation's messages, ascending by seq, no two with the same seq. */
  messages: Readonly<Record<string, readonly Message[]>>;
  /** The user's saved (starred) messages: message id -> when it was starred. */
  starred: Readonly<Record<string, string>>;
  /** The user's own state of each conversation (read position, unread, mute, archive, pin, draft). */
  conversationStates: Readonly<Record<string, ConversationState>>;
  /** Per conversation, per other member: how far they got through the user's messages. */
  receipts: Readonly<Record<string, Readonly<Record<string, ReceiptPositions>>>>;
  /** The user's contacts by user id. */
  contacts: Readonly<Record<string, Contact>>;
  /** The users this user blocked, by user id. */
  blocks: Readonly<Record<string, Block>>;
}

export const emptyState = (): ClientState => ({
  user: null,
  settings: null,
  conversations: {},
  messages: {},
  starred: {},
  conversationStates: {},
  receipts: {},
  contacts: {},
  blocks: {},
});
