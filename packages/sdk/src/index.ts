// @anytime/sdk: the Anytime client for Node and browsers. createClient() is the entry point;
// the pieces (stores, reducer, HTTP layer) are exported for apps and tests that need them.
export { createClient, AnytimeClient, type ClientOptions, type ClientEvents } from './client.js';
export { ApiError, NetworkError, isTransientError } from './http/api-error.js';
export { HttpClient, type HttpClientOptions, type RouteArgs, type RouteInput } from './http/http-client.js';
export { Auth, NotSignedInError, type AuthOptions, type SignedOutReason } from './auth/auth.js';
export { MemorySessionStore, type Session, type SessionStore } from './auth/session.js';
export { LocalStorageSessionStore } from './auth/local-storage-session-store.js';
export { FileSessionStore } from './auth/file-session-store.js';
export { MemoryOutboxStore, type OutboxStore, type PendingMessage } from './outbox/outbox-store.js';
export { IndexedDbOutboxStore, type IndexedDbOutboxStoreOptions } from './outbox/indexeddb-outbox-store.js';
export { FileOutboxStore } from './outbox/file-outbox-store.js';
export { MemoryCacheStore, type CacheStore } from './cache/cache-store.js';
export { IndexedDbCacheStore, type IndexedDbCacheStoreOptions } from './cache/indexeddb-cache-store.js';
export { OfflineCache, CACHED_MESSAGES_PER_CHAT, type CachedRoute } from './cache/offline-cache.js';
export { Outbox, type OutboxEvents, type SendOptions } from './outbox/outbox.js';
export { Emitter, type Listener } from './realtime/emitter.js';
export { Backoff, type BackoffOptions } from './realtime/backoff.js';
export {
  RealtimeConnection,
  type ConnectionEvents,
  type ConnectionState,
  type ConnectionStateChange,
  type RealtimeOptions,
} from './realtime/realtime-connection.js';
export type { SocketConstructor, SocketLike } from './realtime/socket.js';
export { EventPipeline, type CursorStore } from './sync/event-pipeline.js';
export { syncOverHttp } from './sync/http-sync.js';
export { IDLE_PROGRESS, PROGRESS_EVERY, type SyncProgress } from './sync/sync-progress.js';
export { emptyState, type ClientState, type ReceiptPositions } from './state/client-state.js';
export { conversationList, type ConversationListItem } from './state/conversation-list.js';
export { messageTicks, readByCount, type MessageTicks } from './state/message-receipts.js';
export { ReceiptReporter, type ReceiptReporterOptions } from './receipts/receipt-reporter.js';
export { applyEvent, applyEvents, insertBySeq } from './state/apply-event.js';
export { loadState, fetchHistory, fetchReceipts, type CallRoute } from './state/load-state.js';
export { memberPages } from './state/members.js';
export {
  MediaClient,
  type MediaClientDeps,
  type MediaUrls,
  type UploadOptions,
  type UploadStage,
} from './media/media-client.js';
export { CallsClient, useSfuSession, type CallsClientEvents, type CallsTransport } from './calls/calls-client.js';
export type {
  CallSession,
  CallSessionDeps,
  CallSessionEvent,
  CallSessionFactory,
  CallStats,
  RemoteParticipantMedia,
  StartSessionOptions,
} from './calls/call-session.js';
export { P2PCallSession } from './calls/p2p-session.js';
export { StatsReader } from './calls/call-stats.js';
export { SfuCallSession, startSfuSession } from './calls/sfu-session.js';
export { KeysClient, IdentityMissingError } from './secret/keys-client.js';
export {
  SecretChats,
  type SecretMessage,
  type SecretChatEvents,
  type SecretReplyInput,
} from './secret/secret-chats.js';
export type { SecretReactionEntry } from './secret/reactions.js';
export { SECRET_EDIT_WINDOW_MS, type SecretEditEntry } from './secret/edits.js';
export type { RestoredMessage } from './keys/history-client.js';
export type { SecretAttachmentInput } from './secret/attachments.js';
export {
  SealedClient,
  UntrustedDeviceError,
  type SendSealedOptions,
  type RevealedSecret,
} from './sealed/sealed-client.js';
export { BackupClient, NoBackupError } from './keys/backup-client.js';
export { HistoryClient } from './keys/history-client.js';
export { HistoryKeyHolder, HISTORY_KEY_NAME } from './keys/history-key.js';
export { VerificationClient, type VerificationState } from './keys/verification-client.js';
