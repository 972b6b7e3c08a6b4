// Table types for Kysely: the database as the server sees it, on SQLite and PostgreSQL alike.
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  about: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface DevicesTable {
  id: string;
  user_id: string;
  name: string;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  refresh_hash: string | null;
  refresh_prev_hash: string | null;
  sync_cursor: string | null;
}

export interface ConversationsTable {
  id: string;
  kind: 'direct' | 'group';
  title: string | null;
  created_by: string;
  created_at: string;
  last_seq: number;
  last_activity_at: string;
  /** For direct chats: the two user ids sorted and joined, unique. */
  direct_key: string | null;
  member_count: number;
  /** The creator's clientId for an idempotent group create. */
  client_id: string | null;
}

export interface MembersTable {
  conversation_id: string;
  user_id: string;
  role: 'owner' | 'admin' | 'member';
  joined_at: string;
  joined_seq: number;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  sender_device_id: string;
  client_id: string;
  text: string;
  reply_to_id: string | null;
  /** JSON array of media ids. */
  media_ids: string;
  created_at: string;
}

export interface EventsTable {
  /** Global position; on SQLite also the commit order. */
  pos: Generated<number>;
  /** PostgreSQL only: the writing transaction's id (xid8), which with pos orders the stream. */
  txid?: Generated<string>;
  conversation_id: string | null;
  /** For user-level events: the user they are for. */
  user_id: string | null;
  seq: number | null;
  type: string;
  /** JSON of the event without its cursor. */
  payload: string;
  created_at: string;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
}

export interface DB {
  users: UsersTable;
  devices: DevicesTable;
  conversations: ConversationsTable;
  members: MembersTable;
  messages: MessagesTable;
  events: EventsTable;
  server_secrets: ServerSecretsTable;
}
