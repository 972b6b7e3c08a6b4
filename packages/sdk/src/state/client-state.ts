// The client's picture of the world, built from events or from a fresh fetch; both must agree.
import type { Conversation, Message, User } from '@anytime/protocol';

export interface ClientState {
  /** The signed-in user's profile, once known. */
  user: User | null;
  conversations: Readonly<Record<string, Conversation>>;
  /** Each conversation's messages, ascending by seq, no two with the same seq. */
  messages: Readonly<Record<string, readonly Message[]>>;
}

export const emptyState = (): ClientState => ({ user: null, conversations: {}, messages: {} });
