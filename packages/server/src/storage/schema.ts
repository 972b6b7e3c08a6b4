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
  /** Positive while the user has an avatar; each upload takes a new value, so its URL changes. */
  avatar_version: Generated<number>;
}

export interface UserAvatarsTable {
  user_id: string;
  content_type: string;
  data: Buffer;
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
  description: Generated<string | null>;
  /** 1: only admins and the owner may send. */
  announcements_only: Generated<number>;
  /** Positive while the group has an avatar; each upload takes a new value, so its URL changes. */
  avatar_version: Generated<number>;
  /** Disappearing-messages timer, seconds; null when off. */
  disappear_after_seconds: number | null;
  /** 'mls': a secret chat (timeline in mls_messages); 'none': a cloud chat. */
  encryption: Generated<'none' | 'mls'>;
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
  /** JSON of the SystemInfo for system messages; null for user messages. */
  system: Generated<string | null>;
  /** JSON of the message's LinkPreview (migration 0007); null when it has none. */
  link_preview?: string | null;
  /** JSON array of MessageEntity. */
  entities: string;
  /** JSON MessageQuote, or null. */
  quote: string | null;
  /** JSON MessageForwarded, or null. */
  forwarded: string | null;
  edited_at: string | null;
  deleted_at: string | null;
  expires_at: string | null;
  updated_seq: number;
  /** JSON array of ReactionSummary, kept in step with message_reactions. */
  reactions: string;
  pinned_by: string | null;
  pinned_at: string | null;
  /** JSON SealedSummary on sealed messages, null otherwise (migration 0016). */
  sealed: string | null;
  /** JSON array of MessageMedia, the attachments with their photo tags (migration 0012). */
  media: Generated<string>;
}

export interface MessageEditsTable {
  message_id: string;
  /** The seq of the edit that replaced this version. */
  seq: number;
  text: string;
  entities: string;
  /** When this version became current. */
  version_at: string;
}

export interface MessageReactionsTable {
  message_id: string;
  user_id: string;
  emoji: string;
  created_at: string;
}

/** message_hidden and message_stars: one row per user and message. */
export interface UserMessageMarksTable {
  user_id: string;
  message_id: string;
  conversation_id: string;
  at: string;
}

export interface MessageMentionsTable {
  message_id: string;
  /** The mentioned user, or '*' for @all. */
  user_id: string;
  conversation_id: string;
  seq: number;
  created_at: string;
}

export interface MessageChangesTable {
  conversation_id: string;
  seq: number;
  message_id: string;
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

export interface UserSettingsTable {
  user_id: string;
  /** 1 or 0. */
  read_receipts: number;
  last_seen: 'everyone' | 'contacts' | 'nobody';
  /** 1 or 0. */
  notification_previews: number;
  updated_at: string;
}

/** Memberships that ended; a past member still syncs the events of [joined_seq, left_seq]. */
export interface PastMembersTable {
  conversation_id: string;
  user_id: string;
  joined_seq: number;
  left_seq: number;
}

export interface InvitesTable {
  code: string;
  conversation_id: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  max_uses: number | null;
  uses: Generated<number>;
  revoked_at: string | null;
  /** The creator's clientId for an idempotent create. */
  client_id: string | null;
}

export interface ConversationAvatarsTable {
  conversation_id: string;
  content_type: string;
  data: Buffer;
  updated_at: string;
}

/**
 * Which message each search document is. Its blind terms: on PostgreSQL `terms` below, on SQLite
 * the FTS5 table search_term_index (migration 0021; raw SQL in modules/search/term-fts.ts).
 */
export interface SearchDocsTable {
  doc_id: Generated<number>;
  message_id: string;
  conversation_id: string;
  seq: number;
  /**
   * PostgreSQL only (migration 0020): the message's blind terms, under a GIN index.
   */
  terms: Generated<string[]>;
}

/** One row (id 1): how far the event log has been indexed for search (modules/search/indexer.ts). */
export interface SearchIndexerTable {
  id: number;
  txid: number;
  pos: number;
}

/** One Web Push subscription per device. */
export interface PushSubscriptionsTable {
  device_id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: string;
}

/** Fetched link previews (and brief failures), by URL, until expires_at. */
export interface LinkPreviewsTable {
  url: string;
  /** JSON of the LinkPreview; null for a cached failure. */
  preview: string | null;
  /** The catalog error code of a cached failure. */
  error: string | null;
  fetched_at: string;
  expires_at: string;
}

export interface ConversationStatesTable {
  user_id: string;
  conversation_id: string;
  read_seq: number;
  delivered_seq: number;
  /** ISO time, 'forever', or null. */
  muted_until: string | null;
  /** 1 or 0. */
  archived: number;
  pinned_at: string | null;
  draft_text: string | null;
  draft_updated_at: string | null;
  version: number;
  updated_at: string;
}

/** How far reader_id has received and read sender_id's messages in a conversation. */
export interface ReceiptsTable {
  conversation_id: string;
  sender_id: string;
  reader_id: string;
  delivered_seq: number;
  read_seq: number;
  updated_at: string;
}

export interface ContactsTable {
  owner_id: string;
  contact_id: string;
  name: string | null;
  added_at: string;
}

export interface BlocksTable {
  blocker_id: string;
  blocked_id: string;
  blocked_at: string;
}

export interface ReportsTable {
  id: string;
  reporter_id: string;
  /** The reporter's clientId: a repeat returns the original report. */
  client_id: string;
  reported_user_id: string | null;
  reason: string;
  comment: string;
  /** 1 when the reporter also blocked the user. */
  blocked: number;
  created_at: string;
}

/** A copy of a reported message as it was when reported (evidence survives edits and deletes). */
export interface ReportMessagesTable {
  report_id: string;
  message_id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  text: string;
  sent_at: string;
}

/** One row per (user, node) while the node holds a socket of the user; alive_at is refreshed. */
export interface PresenceTable {
  user_id: string;
  node_id: string;
  alive_at: string;
}

export interface RateWindowsTable {
  key: string;
  window_start: number;
  count: number;
}

export interface LastSeenTable {
  user_id: string;
  at: string;
}

/** A content-addressed file of the BlobStore. */
export interface BlobsTable {
  hash: string;
  size: number;
  created_at: string;
}

export interface MediaTable {
  id: string;
  uploader_id: string;
  kind: string;
  status: string;
  content_type: string;
  size: number;
  file_name: string | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  placeholder: string | null;
  /** JSON number[] (voice notes and audio). */
  waveform: string | null;
  filter: string | null;
  /** JSON object MediaVariant -> { hash, contentType, size }. */
  variants: string;
  source_hash: string;
  error: string | null;
  created_at: string;
}

export interface MessageMediaTable {
  message_id: string;
  media_id: string;
  conversation_id: string;
  seq: number;
  kind: string;
  position: number;
}

/** A person tagged in a photo of a message (migration 0012); mirrored in messages.media. */
export interface PhotoTagsTable {
  id: string;
  message_id: string;
  media_id: string;
  conversation_id: string;
  user_id: string;
  tagged_by: string;
  x: number;
  y: number;
  w: number;
  h: number;
  created_at: string;
}

/** A voice or video call (modules/calls). */
export interface CallsTable {
  id: string;
  conversation_id: string;
  topology: 'p2p' | 'sfu';
  media: 'audio' | 'video';
  caller_id: string;
  caller_device_id: string;
  /** The caller's clientId: the same invite again answers with this call. */
  client_id: string;
  status: 'ringing' | 'active' | 'ended';
  created_at: string;
  /** Rung users who have not answered by then stop ringing (the sweeper). */
  ring_until: string;
  answered_at: string | null;
  ended_at: string | null;
  end_reason: 'hangup' | 'cancelled' | 'declined' | 'busy' | 'timeout' | 'failed' | null;
  /** The node whose SFU hosts the call's media (sfu topology). */
  sfu_node: string | null;
  /** When a device first reported its media connected (null: never; the 'failed' rule). */
  media_connected_at: string | null;
}

export interface CallParticipantsTable {
  call_id: string;
  device_id: string;
  user_id: string;
  joined_at: string;
  left_at: string | null;
  muted: Generated<number>;
  camera_off: Generated<number>;
  screen_sharing: Generated<number>;
  hand_raised: Generated<number>;
  connection: string | null;
  /** The node of that socket: when the node stops refreshing presence, the device counts as gone. */
  node_id: string | null;
  disconnected_at: string | null;
  /** The device's latest media report (call.update mediaState); null: it never reported. */
  media_state: 'connecting' | 'connected' | 'failed' | null;
  media_state_at: string | null;
}

export interface CallRungTable {
  call_id: string;
  user_id: string;
  state: 'ringing' | 'declined' | 'answered' | 'missed';
}

/** The account identity key (Ed25519, base64url). */
export interface IdentityKeysTable {
  user_id: string;
  identity_key: string;
  changed_at: string;
}

/** A device's published bundle, signed by its account's identity key (checked on upload). */
export interface DeviceKeysTable {
  device_id: string;
  user_id: string;
  signing_key: string;
  hpke_key: string;
  signature: string;
  created_at: string;
}

/** MLS key packages (base64url MLSMessage); one-time ones are deleted when claimed. */
export interface MlsKeyPackagesTable {
  id: string;
  device_id: string;
  user_id: string;
  data: string;
  /** 1: the last-resort package, handed out again when no one-time package is left. */
  last_resort: number;
  created_at: string;
}

/** The delivery service's state of a secret chat's group. */
export interface MlsGroupsTable {
  conversation_id: string;
  epoch: number;
  creator_device_id: string;
}

/** A secret chat's timeline: commits and application ciphertexts, each with the conversation's next seq. */
export interface MlsMessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  sender_device_id: string;
  kind: 'commit' | 'application' | 'deleted';
  epoch: number;
  client_id: string | null;
  data: string;
  created_at: string;
  /** 0: sent as not urgent (a reaction or an edit; migration 0024), never pushed. 1 otherwise. */
  urgent: Generated<number>;
  /** A `deleted` entry: the seq the message had before the deletion moved it (migration 0025); else null. */
  former_seq: Generated<number | null>;
}

/** An encrypted attachment of a secret chat (migration 0019): ciphertext the server cannot read. */
export interface MlsBlobsTable {
  id: string;
  conversation_id: string;
  uploader_id: string;
  uploader_device_id: string;
  /** Blob-store address of the ciphertext. */
  hash: string;
  size: number;
  /** The MLS message carrying it, once sent. */
  message_id: string | null;
  seq: number | null;
  created_at: string;
}

/** Welcomes into a group, one row per added device. */
export interface MlsWelcomesTable {
  id: string;
  conversation_id: string;
  device_id: string;
  seq: number;
  epoch: number;
  data: string;
  created_at: string;
}

/** Sealed messages (migration 0016, modules/sealed). */
export interface SealedMessagesTable {
  message_id: string;
  conversation_id: string;
  sender_id: string;
  view_once: number;
  expires_at: string | null;
  recipient_users: string;
  state: 'sealed' | 'opened' | 'expired';
}
export interface SealedEnvelopesTable {
  message_id: string;
  device_id: string;
  user_id: string;
  enc: string;
  ciphertext: string;
}
export interface SealedRevealsTable {
  message_id: string;
  device_id: string;
  user_id: string;
  at: string;
}
/** The passphrase-encrypted key backups and the history archive (migration 0016, modules/key-backup). */
export interface KeyBackupsTable {
  user_id: string;
  version: number;
  kdf: string;
  nonce: string;
  ciphertext: string;
  updated_at: string;
}
export interface KeyHistoryTable {
  user_id: string;
  pos: number;
  record_key: string;
  nonce: string;
  ciphertext: string;
  created_at: string;
}

/** A data key of encryption at rest, wrapped by the master key (modules/at-rest, migration 0017). */
export interface DataKeysTable {
  id: string;
  /** `c:<conversation id>`, `u:<user id>` or `g:<purpose>`. */
  scope: string;
  version: number;
  /** base64(iv | AES-256-GCM(master key, data key) | tag). */
  wrapped: string;
  /** Fingerprint of the master key that wrapped it. */
  master_key_id: string;
  created_at: string;
}

/**
 * The blind search index of migration 0017: keyed HMACs of a message's trigrams, one term of a
 * document per row. Gone: dropped by 0020 (PostgreSQL: search_docs.terms) and 0021 (SQLite:
 * search_term_index); kept here for the tests of those migrations, which fill it first.
 */
export interface SearchTermsTable {
  /** base64url of the truncated HMAC-SHA256 of one trigram under the conversation's index key. */
  term: string;
  doc_id: number;
}

export interface DB {
  sealed_messages: SealedMessagesTable;
  sealed_envelopes: SealedEnvelopesTable;
  sealed_reveals: SealedRevealsTable;
  key_backups: KeyBackupsTable;
  key_history: KeyHistoryTable;
  identity_keys: IdentityKeysTable;
  device_keys: DeviceKeysTable;
  mls_key_packages: MlsKeyPackagesTable;
  mls_groups: MlsGroupsTable;
  mls_messages: MlsMessagesTable;
  mls_welcomes: MlsWelcomesTable;
  mls_blobs: MlsBlobsTable;
  data_keys: DataKeysTable;
  search_terms: SearchTermsTable;
  blobs: BlobsTable;
  media: MediaTable;
  message_media: MessageMediaTable;
  users: UsersTable;
  devices: DevicesTable;
  conversations: ConversationsTable;
  members: MembersTable;
  messages: MessagesTable;
  events: EventsTable;
  server_secrets: ServerSecretsTable;
  user_settings: UserSettingsTable;
  past_members: PastMembersTable;
  invites: InvitesTable;
  conversation_avatars: ConversationAvatarsTable;
  user_avatars: UserAvatarsTable;
  search_docs: SearchDocsTable;
  search_indexer: SearchIndexerTable;
  push_subscriptions: PushSubscriptionsTable;
  link_previews: LinkPreviewsTable;
  message_edits: MessageEditsTable;
  message_reactions: MessageReactionsTable;
  message_hidden: UserMessageMarksTable;
  message_stars: UserMessageMarksTable;
  message_mentions: MessageMentionsTable;
  message_changes: MessageChangesTable;
  conversation_states: ConversationStatesTable;
  receipts: ReceiptsTable;
  contacts: ContactsTable;
  blocks: BlocksTable;
  reports: ReportsTable;
  report_messages: ReportMessagesTable;
  presence: PresenceTable;
  last_seen: LastSeenTable;
  rate_windows: RateWindowsTable;
  photo_tags: PhotoTagsTable;
  calls: CallsTable;
  call_participants: CallParticipantsTable;
  call_rung: CallRungTable;
}
