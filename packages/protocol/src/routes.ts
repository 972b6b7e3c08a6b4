// The route table: every HTTP endpoint once, with its schemas. The server binds handlers to it,
// the SDK calls through it, and the OpenAPI document is generated from it.
import { z } from 'zod';
import {
  AuthResponse,
  DeviceListResponse,
  LoginRequest,
  MeResponse,
  RefreshRequest,
  RefreshResponse,
  RegisterRequest,
  UpdateProfileRequest,
  UserListResponse,
  UserResponse,
  UserSearchQuery,
} from './accounts.js';
import { CallListQuery, CallListResponse, CallResponse, IceServersResponse } from './calls.js';
import { IdParams } from './common.js';
import {
  KeyBackupResponse,
  PublishDeviceKeysRequest,
  PutKeyBackupRequest,
  SetIdentityKeyRequest,
  UserKeysListResponse,
  UserKeysQuery,
  UserKeysResponse,
} from './keys.js';
import {
  ClaimKeyPackagesRequest,
  ClaimKeyPackagesResponse,
  KeyPackageCountResponse,
  MlsGroupInfoResponse,
  MlsMessageListQuery,
  MlsMessageListResponse,
  MlsMessageParams,
  MlsMessageResponse,
  MlsWelcomeListResponse,
  SendMlsMessageRequest,
  SubmitCommitRequest,
  UploadKeyPackagesRequest,
} from './mls.js';
import { SecretBlobParams, SecretBlobResponse, SecretBlobUploadQuery } from './secret-media.js';
import { ConversationListResponse } from './conversation-list.js';
import {
  ConversationStateResponse,
  MessageReceiptsResponse,
  ReceiptListResponse,
  ReceiptReportRequest,
  UpdateConversationStateRequest,
} from './conversation-state.js';
import {
  ConversationResponse,
  CreateConversationRequest,
  MemberListQuery,
  MemberListResponse,
} from './conversations.js';
import {
  AddMembersRequest,
  CreateInviteRequest,
  InviteCodeParams,
  InviteListResponse,
  InviteParams,
  InvitePreviewResponse,
  InviteResponse,
  MemberParams,
  SetRoleRequest,
  TransferOwnershipRequest,
  UpdateConversationRequest,
} from './groups.js';
import type { ErrorCode } from './errors.js';
import { HistoryQuery, MessageListResponse, MessageResponse, SendMessageRequest } from './messages.js';
import { LinkPreviewQuery, LinkPreviewResponse } from './link-previews.js';
import {
  AddPhotoTagRequest,
  GalleryQuery,
  GalleryResponse,
  MediaResponse,
  MediaUrlsRequest,
  MediaUrlsResponse,
  MediaUsageResponse,
  MediaVariantParams,
  PhotoTagParams,
  SignedUrlQuery,
  UploadQuery,
} from './media.js';
import { PushSubscriptionRequest, VapidKeyResponse } from './push.js';
import { SearchQuery, SearchResponse } from './search.js';
import {
  HistoryPageQuery,
  HistoryPageResponse,
  HistoryRecordParams,
  PutHistoryRequest,
  PutHistoryResponse,
  RevealSealedResponse,
  SealedStatusResponse,
  SendSealedRequest,
} from './sealed.js';
import {
  EditMessageRequest,
  ForwardMessageRequest,
  MentionListResponse,
  MessageEditListResponse,
  MessageIdParams,
  ReactionListQuery,
  ReactionListResponse,
  SetTimerRequest,
  StarredListResponse,
  UserListPageQuery,
} from './message-actions.js';
import { Emoji } from './message-parts.js';
import { PresenceListResponse, PresenceQueryRequest } from './presence.js';
import {
  BlockListResponse,
  BlockRequest,
  ContactListResponse,
  ContactResponse,
  ReportRequest,
  ReportResponse,
  SaveContactRequest,
} from './safety.js';
import { SettingsResponse, UpdateSettingsRequest } from './settings.js';
import { SyncQuery, SyncResponse } from './sync.js';
import { PROTOCOL_VERSION } from './version.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteDef<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | undefined = z.ZodType | undefined,
  A extends boolean = boolean,
  W extends readonly string[] | undefined = readonly string[] | undefined,
> {
  method: HttpMethod;
  /** Fastify-style path, `:name` for parameters. */
  path: string;
  summary: string;
  /** Whether a bearer token is required. */
  auth: A;
  body: B;
  query: Q;
  params: P;
  /** Response schema; undefined for 204 No Content. */
  response: R;
  /** Success status. */
  status: number;
  /** Error codes this route may return besides the generic ones. */
  errors: readonly ErrorCode[];
  /** For a route whose body is raw bytes rather than JSON: the media types it accepts. */
  rawBody?: W;
}

function route<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
  A extends boolean = true,
  W extends readonly string[] | undefined = undefined,
>(def: {
  method: HttpMethod;
  path: string;
  summary: string;
  auth?: A;
  body?: B;
  query?: Q;
  params?: P;
  response?: R;
  status?: number;
  errors?: readonly ErrorCode[];
  rawBody?: W;
}): RouteDef<B, Q, P, R, A, W> {
  return {
    auth: true,
    status: def.response ? 200 : 204,
    errors: [],
    ...def,
  } as RouteDef<B, Q, P, R, A, W>;
}

export const HealthResponse = z
  .object({ status: z.literal('ok'), protocolVersion: z.literal(PROTOCOL_VERSION), node: z.string() })
  .meta({ id: 'HealthResponse' });

export const ReadyResponse = z
  .object({
    /** "degraded": serving, but the broker is unreachable (no typing or presence between nodes; messages flow). */
    status: z.enum(['ready', 'degraded']),
    node: z.string(),
    checks: z.object({ database: z.literal('ok'), broker: z.enum(['ok', 'unreachable']) }),
  })
  .meta({ id: 'ReadyResponse' });

export const routes = {
  health: route({
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness and database reachability',
    auth: false,
    response: HealthResponse,
  }),
  ready: route({
    method: 'GET',
    path: '/readyz',
    summary:
      'Readiness: 200 when this node can serve (database reachable, not shutting down; status "degraded" when the broker is not), else 503',
    auth: false,
    response: ReadyResponse,
    errors: ['unavailable'],
  }),
  register: route({
    method: 'POST',
    path: '/v1/auth/register',
    summary: 'Create an account and its first device',
    auth: false,
    body: RegisterRequest,
    response: AuthResponse,
    status: 201,
    errors: ['username_taken', 'rate_limited'],
  }),
  login: route({
    method: 'POST',
    path: '/v1/auth/login',
    summary: 'Sign in; every login is a new device',
    auth: false,
    body: LoginRequest,
    response: AuthResponse,
    errors: ['invalid_credentials', 'rate_limited'],
  }),
  refresh: route({
    method: 'POST',
    path: '/v1/auth/refresh',
    summary: 'Trade a refresh token for a new token pair (the old refresh token stops working)',
    auth: false,
    body: RefreshRequest,
    response: RefreshResponse,
    errors: ['invalid_refresh_token'],
  }),
  logout: route({ method: 'POST', path: '/v1/auth/logout', summary: 'Sign this device out (revokes it)' }),
  me: route({ method: 'GET', path: '/v1/me', summary: 'The signed-in user', response: MeResponse }),
  updateMe: route({
    method: 'PATCH',
    path: '/v1/me',
    summary: 'Update display name or about',
    body: UpdateProfileRequest,
    response: MeResponse,
  }),
  setMyAvatar: route({
    method: 'PUT',
    path: '/v1/me/avatar',
    summary: 'Upload your avatar as the raw body: PNG, JPEG, WebP or GIF, at most 512 KB',
    rawBody: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'],
    response: MeResponse,
    errors: ['invalid_image'],
  }),
  deleteMyAvatar: route({
    method: 'DELETE',
    path: '/v1/me/avatar',
    summary: 'Remove your avatar',
    response: MeResponse,
  }),
  getSettings: route({
    method: 'GET',
    path: '/v1/me/settings',
    summary: 'Privacy and notification settings',
    response: SettingsResponse,
  }),
  updateSettings: route({
    method: 'PATCH',
    path: '/v1/me/settings',
    summary: 'Change some settings; every device of the user gets settings.updated',
    body: UpdateSettingsRequest,
    response: SettingsResponse,
  }),
  searchUsers: route({
    method: 'GET',
    path: '/v1/users',
    summary: 'Look users up by username prefix',
    query: UserSearchQuery,
    response: UserListResponse,
  }),
  getUser: route({
    method: 'GET',
    path: '/v1/users/:id',
    summary: 'One user',
    params: IdParams,
    response: UserResponse,
  }),
  getUserAvatar: route({
    method: 'GET',
    path: '/v1/users/:id/avatar',
    summary: "A user's avatar image bytes, with their Content-Type (any signed-in user)",
    params: IdParams,
    status: 200,
  }),
  listDevices: route({
    method: 'GET',
    path: '/v1/devices',
    summary: "The user's devices",
    response: DeviceListResponse,
  }),
  revokeDevice: route({
    method: 'DELETE',
    path: '/v1/devices/:id',
    summary: 'Revoke a device: its tokens stop working and its sockets close',
    params: IdParams,
  }),
  createConversation: route({
    method: 'POST',
    path: '/v1/conversations',
    summary: 'Start a direct chat (returns the existing one, 200) or create a group (201)',
    body: CreateConversationRequest,
    response: ConversationResponse,
    status: 201,
    errors: ['too_many_members', 'invalid_members', 'blocked'],
  }),
  listConversations: route({
    method: 'GET',
    path: '/v1/conversations',
    summary: "The user's conversations, most recent activity first",
    response: ConversationListResponse,
  }),
  getConversation: route({
    method: 'GET',
    path: '/v1/conversations/:id',
    summary: 'One conversation',
    params: IdParams,
    response: ConversationResponse,
  }),
  listMembers: route({
    method: 'GET',
    path: '/v1/conversations/:id/members',
    summary: 'Members with their roles, ordered by userId, paged with after and limit',
    params: IdParams,
    query: MemberListQuery,
    response: MemberListResponse,
  }),
  addMembers: route({
    method: 'POST',
    path: '/v1/conversations/:id/members',
    summary: 'Add users to a group (admins and owner); members already in it are skipped',
    params: IdParams,
    body: AddMembersRequest,
    response: ConversationResponse,
    errors: ['forbidden', 'too_many_members', 'blocked'],
  }),
  removeMember: route({
    method: 'DELETE',
    path: '/v1/conversations/:id/members/:userId',
    summary: 'Remove a member (admins remove members, only the owner removes admins); yourself: leave',
    params: MemberParams,
    errors: ['forbidden'],
  }),
  leaveConversation: route({
    method: 'POST',
    path: '/v1/conversations/:id/leave',
    summary: 'Leave a group; an owner who leaves hands ownership to the longest-standing admin, else member',
    params: IdParams,
    errors: ['forbidden'],
  }),
  setMemberRole: route({
    method: 'PUT',
    path: '/v1/conversations/:id/members/:userId/role',
    summary: 'Promote a member to admin or demote an admin (owner only)',
    params: MemberParams,
    body: SetRoleRequest,
    response: ConversationResponse,
    errors: ['forbidden', 'too_many_admins'],
  }),
  transferOwnership: route({
    method: 'POST',
    path: '/v1/conversations/:id/owner',
    summary: 'Hand the group to another member (owner only); the old owner becomes an admin',
    params: IdParams,
    body: TransferOwnershipRequest,
    response: ConversationResponse,
    errors: ['forbidden'],
  }),
  updateConversation: route({
    method: 'PATCH',
    path: '/v1/conversations/:id',
    summary: 'Change title, description or announcements-only mode (admins and owner)',
    params: IdParams,
    body: UpdateConversationRequest,
    response: ConversationResponse,
    errors: ['forbidden'],
  }),
  setAvatar: route({
    method: 'PUT',
    path: '/v1/conversations/:id/avatar',
    summary: 'Upload the group avatar as the raw body: PNG, JPEG, WebP or GIF, at most 512 KB',
    params: IdParams,
    rawBody: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'],
    response: ConversationResponse,
    errors: ['forbidden', 'invalid_image'],
  }),
  deleteAvatar: route({
    method: 'DELETE',
    path: '/v1/conversations/:id/avatar',
    summary: 'Remove the group avatar (admins and owner)',
    params: IdParams,
    response: ConversationResponse,
    errors: ['forbidden'],
  }),
  getAvatar: route({
    method: 'GET',
    path: '/v1/conversations/:id/avatar',
    summary: 'The group avatar image bytes, with their Content-Type (members only)',
    params: IdParams,
    status: 200,
  }),
  createInvite: route({
    method: 'POST',
    path: '/v1/conversations/:id/invites',
    summary: 'Create an invite link with optional expiry and maximum uses (admins and owner)',
    params: IdParams,
    body: CreateInviteRequest,
    response: InviteResponse,
    status: 201,
    errors: ['forbidden', 'client_id_conflict'],
  }),
  listInvites: route({
    method: 'GET',
    path: '/v1/conversations/:id/invites',
    summary: 'The active invite links of a group (admins and owner)',
    params: IdParams,
    response: InviteListResponse,
    errors: ['forbidden'],
  }),
  revokeInvite: route({
    method: 'DELETE',
    path: '/v1/conversations/:id/invites/:code',
    summary: 'Revoke an invite link (admins and owner)',
    params: InviteParams,
    errors: ['forbidden'],
  }),
  previewInvite: route({
    method: 'GET',
    path: '/v1/invites/:code',
    summary: "A working invite's group: title, description, member count (no membership needed)",
    params: InviteCodeParams,
    response: InvitePreviewResponse,
    errors: ['invite_expired', 'invite_revoked', 'invite_used_up'],
  }),
  joinByInvite: route({
    method: 'POST',
    path: '/v1/invites/:code/join',
    summary: 'Join a group by invite link (201; 200 with the group for an existing member)',
    params: InviteCodeParams,
    response: ConversationResponse,
    status: 201,
    errors: ['invite_expired', 'invite_revoked', 'invite_used_up', 'too_many_members'],
  }),
  editMessage: route({
    method: 'PATCH',
    path: '/v1/messages/:id',
    summary: 'Edit your own message within EDIT_WINDOW_SECONDS; the previous text goes to its edit history',
    params: MessageIdParams,
    body: EditMessageRequest,
    response: MessageResponse,
    errors: [
      'blocked',
      'edit_window_passed',
      'message_deleted',
      'invalid_entities',
      'mention_not_member',
      'mention_all_forbidden',
    ],
  }),
  deleteMessage: route({
    method: 'DELETE',
    path: '/v1/messages/:id',
    summary: 'Delete for everyone: a tombstone (sender within the edit window; group admins and owner any time)',
    params: MessageIdParams,
    response: MessageResponse,
    errors: ['edit_window_passed'],
  }),
  hideMessage: route({
    method: 'POST',
    path: '/v1/messages/:id/hide',
    summary: "Delete for me: hidden on all of the caller's devices and from their history",
    params: MessageIdParams,
  }),
  listMessageEdits: route({
    method: 'GET',
    path: '/v1/messages/:id/edits',
    summary: 'Earlier versions of an edited message, oldest first',
    params: MessageIdParams,
    response: MessageEditListResponse,
  }),
  addReaction: route({
    method: 'POST',
    path: '/v1/messages/:id/reactions',
    summary: 'React with one emoji (one of each emoji per user; again is a no-op)',
    params: MessageIdParams,
    body: z.strictObject({ emoji: Emoji }).meta({ id: 'ReactionRequest' }),
    response: MessageResponse,
    errors: ['blocked', 'invalid_emoji', 'message_deleted'],
  }),
  removeReaction: route({
    method: 'DELETE',
    path: '/v1/messages/:id/reactions',
    summary: "Take back one of the caller's reactions (?emoji=)",
    params: MessageIdParams,
    query: z.strictObject({ emoji: Emoji }),
    response: MessageResponse,
    errors: ['invalid_emoji', 'message_deleted'],
  }),
  listReactions: route({
    method: 'GET',
    path: '/v1/messages/:id/reactions',
    summary: 'Everyone who reacted (optionally to one emoji), by userId, paged with afterUserId',
    params: MessageIdParams,
    query: ReactionListQuery,
    response: ReactionListResponse,
    errors: ['invalid_emoji'],
  }),
  forwardMessage: route({
    method: 'POST',
    path: '/v1/messages/:id/forward',
    summary: 'Forward a message into another conversation of the caller (201; a repeated clientId: 200)',
    params: MessageIdParams,
    body: ForwardMessageRequest,
    response: MessageResponse,
    status: 201,
    errors: ['blocked', 'message_deleted', 'client_id_conflict'],
  }),
  pinMessage: route({
    method: 'PUT',
    path: '/v1/messages/:id/pin',
    summary: 'Pin a message in its conversation (any member of a direct chat; admins and owner of a group)',
    params: MessageIdParams,
    response: MessageResponse,
    errors: ['blocked', 'message_deleted'],
  }),
  unpinMessage: route({
    method: 'DELETE',
    path: '/v1/messages/:id/pin',
    summary: 'Unpin a message',
    params: MessageIdParams,
    response: MessageResponse,
    errors: ['blocked'],
  }),
  listPins: route({
    method: 'GET',
    path: '/v1/conversations/:id/pins',
    summary: 'Pinned messages of a conversation, latest pin first',
    params: IdParams,
    response: MessageListResponse,
  }),
  starMessage: route({
    method: 'PUT',
    path: '/v1/messages/:id/star',
    summary: 'Save (star) a message for the caller, on all of their devices',
    params: MessageIdParams,
  }),
  unstarMessage: route({
    method: 'DELETE',
    path: '/v1/messages/:id/star',
    summary: 'Unstar a message',
    params: MessageIdParams,
  }),
  listStarred: route({
    method: 'GET',
    path: '/v1/me/starred',
    summary: "The caller's starred messages, latest star first, paged with `before`",
    query: UserListPageQuery,
    response: StarredListResponse,
    errors: ['invalid_cursor'],
  }),
  listMentions: route({
    method: 'GET',
    path: '/v1/me/mentions',
    summary: 'Messages that mention the caller (or @all), newest first, paged with `before`',
    query: UserListPageQuery,
    response: MentionListResponse,
    errors: ['invalid_cursor'],
  }),
  setTimer: route({
    method: 'PUT',
    path: '/v1/conversations/:id/timer',
    summary: 'Set the disappearing-messages timer (any member of a direct chat; admins and owner of a group)',
    params: IdParams,
    body: SetTimerRequest,
    response: ConversationResponse,
    errors: ['blocked'],
  }),
  sendMessage: route({
    method: 'POST',
    path: '/v1/conversations/:id/messages',
    summary: 'Send a message (201; a repeated clientId returns the original with 200)',
    params: IdParams,
    body: SendMessageRequest,
    response: MessageResponse,
    status: 201,
    errors: [
      'text_too_long',
      'invalid_reply',
      'media_not_found',
      'client_id_conflict',
      'rate_limited',
      'announcements_only',
      'invalid_entities',
      'mention_not_member',
      'mention_all_forbidden',
      'blocked',
    ],
  }),
  listMessages: route({
    method: 'GET',
    path: '/v1/conversations/:id/messages',
    summary: 'History by seq, ascending: afterSeq, beforeSeq (latest page when neither), limit <= 200',
    params: IdParams,
    query: HistoryQuery,
    response: MessageListResponse,
  }),
  updateConversationState: route({
    method: 'PATCH',
    path: '/v1/conversations/:id/state',
    summary: "Change the user's own state of a conversation (mute, archive, pin, draft); syncs to every device",
    params: IdParams,
    body: UpdateConversationStateRequest,
    response: ConversationStateResponse,
    errors: ['invalid_mute', 'too_many_pinned', 'text_too_long'],
  }),
  reportReceipts: route({
    method: 'POST',
    path: '/v1/conversations/:id/receipts',
    summary: 'Report delivered and read positions (they only move forward); also a socket frame',
    params: IdParams,
    body: ReceiptReportRequest,
    response: ConversationStateResponse,
    errors: ['invalid_seq'],
  }),
  listReceipts: route({
    method: 'GET',
    path: '/v1/conversations/:id/receipts',
    summary: "How far each other member has received and read the caller's own messages",
    params: IdParams,
    response: ReceiptListResponse,
  }),
  messageReceipts: route({
    method: 'GET',
    path: '/v1/messages/:id/receipts',
    summary: 'Who read and who received one message (its sender only)',
    params: IdParams,
    response: MessageReceiptsResponse,
  }),
  sync: route({
    method: 'GET',
    path: '/v1/sync',
    summary: 'Every event for the user after a cursor, in order, paginated',
    query: SyncQuery,
    response: SyncResponse,
    errors: ['invalid_cursor'],
  }),
  searchMessages: route({
    method: 'GET',
    path: '/v1/search',
    summary: "Search the user's messages (all conversations, or conversationId), newest first, paged by cursor",
    query: SearchQuery,
    response: SearchResponse,
    errors: ['search_query_too_short', 'invalid_cursor'],
  }),
  getVapidKey: route({
    method: 'GET',
    path: '/v1/push/vapid-key',
    summary: "The server's VAPID public key (applicationServerKey for Web Push)",
    response: VapidKeyResponse,
  }),
  putPushSubscription: route({
    method: 'PUT',
    path: '/v1/push/subscription',
    summary: "Register (or replace) this device's Web Push subscription",
    body: PushSubscriptionRequest,
  }),
  deletePushSubscription: route({
    method: 'DELETE',
    path: '/v1/push/subscription',
    summary: "Remove this device's Web Push subscription",
  }),
  getLinkPreview: route({
    method: 'GET',
    path: '/v1/link-preview',
    summary: 'A preview of an http(s) URL (title, description, site, image), fetched by the server and cached',
    query: LinkPreviewQuery,
    response: LinkPreviewResponse,
    errors: ['url_not_allowed', 'preview_unavailable'],
  }),
  listContacts: route({
    method: 'GET',
    path: '/v1/contacts',
    summary: "The user's contacts",
    response: ContactListResponse,
  }),
  saveContact: route({
    method: 'POST',
    path: '/v1/contacts',
    summary: 'Add a contact or rename one; every device of the user gets contact.saved',
    body: SaveContactRequest,
    response: ContactResponse,
    errors: ['self_target'],
  }),
  removeContact: route({
    method: 'DELETE',
    path: '/v1/contacts/:id',
    summary: 'Remove a contact (by user id); every device of the user gets contact.removed',
    params: IdParams,
  }),
  listBlocks: route({
    method: 'GET',
    path: '/v1/blocks',
    summary: 'The users this user has blocked',
    response: BlockListResponse,
  }),
  blockUser: route({
    method: 'POST',
    path: '/v1/blocks',
    summary: 'Block a user: no direct messages, no new chats or groups with you, no presence or typing',
    body: BlockRequest,
    errors: ['self_target'],
  }),
  unblockUser: route({
    method: 'DELETE',
    path: '/v1/blocks/:id',
    summary: 'Unblock a user (by user id)',
    params: IdParams,
  }),
  report: route({
    method: 'POST',
    path: '/v1/reports',
    summary:
      'Report a user or messages to the moderators (a copy of the messages is kept); may also block. ' +
      'A repeated clientId returns the original with 200',
    body: ReportRequest,
    response: ReportResponse,
    status: 201,
    errors: ['self_target'],
  }),
  queryPresence: route({
    method: 'POST',
    path: '/v1/presence/query',
    summary: 'Online status and last seen of some users, as far as their privacy settings and blocks allow',
    body: PresenceQueryRequest,
    response: PresenceListResponse,
    status: 200,
  }),
  uploadMedia: route({
    method: 'POST',
    path: '/v1/media',
    summary:
      'Upload a file as the raw body (or multipart); its type is sniffed from the bytes. Images are ready at once; video and audio are processed in the background (media.progress frames, then media.updated)',
    query: UploadQuery,
    rawBody: ['*/*'],
    response: MediaResponse,
    status: 201,
    errors: [
      'media_too_large',
      'media_quota_exceeded',
      'unsupported_media_type',
      'media_type_mismatch',
      'invalid_media',
    ],
  }),
  getMedia: route({
    method: 'GET',
    path: '/v1/media/:id',
    summary: 'One media item with signed URLs (its uploader, or a member of a conversation where it was shared)',
    params: IdParams,
    response: MediaResponse,
  }),
  getMediaVariant: route({
    method: 'GET',
    path: '/v1/media/:id/:variant',
    summary: 'The bytes of one variant (Range requests supported), with a bearer token or a signed URL (exp, sig)',
    auth: false,
    params: MediaVariantParams,
    query: SignedUrlQuery,
    status: 200,
  }),
  mediaUrls: route({
    method: 'POST',
    path: '/v1/media/urls',
    summary: 'Short-lived signed URLs, for <img> and <video>, of every variant of some media items',
    body: MediaUrlsRequest,
    response: MediaUrlsResponse,
  }),
  mediaUsage: route({
    method: 'GET',
    path: '/v1/me/media-usage',
    summary: 'Bytes of storage the caller uses, and their quota',
    response: MediaUsageResponse,
  }),
  addPhotoTag: route({
    method: 'POST',
    path: '/v1/messages/:id/tags',
    summary: 'Tag a member in a photo of a message (its sender only); the tagged person gets a mention',
    params: IdParams,
    body: AddPhotoTagRequest,
    response: MessageResponse,
    errors: ['invalid_tag', 'mention_not_member', 'message_deleted'],
  }),
  removePhotoTag: route({
    method: 'DELETE',
    path: '/v1/messages/:id/tags/:tagId',
    summary: 'Remove a photo tag (the sender, or the person tagged)',
    params: PhotoTagParams,
    response: MessageResponse,
  }),
  listGallery: route({
    method: 'GET',
    path: '/v1/conversations/:id/media',
    summary: "The conversation's photos, videos, files, voice notes or links, newest first, paged with beforeSeq",
    params: IdParams,
    query: GalleryQuery,
    response: GalleryResponse,
  }),
  iceServers: route({
    method: 'GET',
    path: '/v1/calls/ice-servers',
    summary: 'STUN and TURN servers for calls, with TURN credentials that expire (TURN REST API)',
    response: IceServersResponse,
  }),
  listCalls: route({
    method: 'GET',
    path: '/v1/calls',
    summary: "The caller's calls, newest first (the call log)",
    query: CallListQuery,
    response: CallListResponse,
  }),
  getCall: route({
    method: 'GET',
    path: '/v1/calls/:id',
    summary: 'One call the caller was in or was rung for',
    params: IdParams,
    response: CallResponse,
    errors: ['call_not_found'],
  }),
  setIdentityKey: route({
    method: 'PUT',
    path: '/v1/keys/identity',
    summary: "Set the caller's account identity key (a different key needs replace: true)",
    body: SetIdentityKeyRequest,
    response: UserKeysResponse,
    errors: ['identity_key_exists'],
  }),
  publishDeviceKeys: route({
    method: 'PUT',
    path: '/v1/keys/device',
    summary: "Publish the calling device's key bundle, signed by the identity key",
    body: PublishDeviceKeysRequest,
    response: UserKeysResponse,
    errors: ['invalid_signature', 'identity_key_missing'],
  }),
  getUserKeys: route({
    method: 'GET',
    path: '/v1/users/:id/keys',
    summary: "A user's identity key and device bundles",
    params: IdParams,
    response: UserKeysResponse,
  }),
  queryUserKeys: route({
    method: 'POST',
    path: '/v1/keys/query',
    summary: 'Identity keys and device bundles of several users',
    body: UserKeysQuery,
    response: UserKeysListResponse,
  }),
  getKeyBackup: route({
    method: 'GET',
    path: '/v1/keys/backup',
    summary: "The caller's passphrase-encrypted key backup (404 when there is none)",
    response: KeyBackupResponse,
  }),
  putKeyBackup: route({
    method: 'PUT',
    path: '/v1/keys/backup',
    summary: "Store the caller's passphrase-encrypted key backup (409 when previousVersion is stale)",
    body: PutKeyBackupRequest,
    response: KeyBackupResponse,
    errors: ['backup_version_conflict'],
  }),
  sendSealed: route({
    method: 'POST',
    path: '/v1/conversations/:id/sealed',
    summary:
      'Send a sealed message: one HPKE envelope per recipient device (409 sealed_recipients_changed when the set is not exact). A repeated clientId returns the original with 200',
    params: IdParams,
    body: SendSealedRequest,
    response: MessageResponse,
    status: 201,
    errors: ['sealed_recipients_changed', 'invalid_reply', 'client_id_conflict', 'blocked', 'announcements_only'],
  }),
  getSealed: route({
    method: 'GET',
    path: '/v1/messages/:id/sealed',
    summary: "The caller's view of a sealed message: opened or not, and for the sender the reveal log",
    params: IdParams,
    response: SealedStatusResponse,
  }),
  revealSealed: route({
    method: 'POST',
    path: '/v1/messages/:id/sealed/reveal',
    summary:
      "Reveal (an explicit tap): the calling device's own envelope; records who opened it, on which device, when (the sender gets sealed.revealed)",
    params: IdParams,
    response: RevealSealedResponse,
    errors: ['sealed_unavailable'],
  }),
  putHistory: route({
    method: 'POST',
    path: '/v1/keys/history',
    summary: "Archive secret-chat messages, encrypted under the account's history key (repeated keys are ignored)",
    body: PutHistoryRequest,
    response: PutHistoryResponse,
  }),
  listHistory: route({
    method: 'GET',
    path: '/v1/keys/history',
    summary: "The caller's archived secret-chat records, oldest first, paged with after=pos",
    query: HistoryPageQuery,
    response: HistoryPageResponse,
  }),
  deleteHistory: route({
    method: 'DELETE',
    path: '/v1/keys/history/:key',
    summary:
      "Remove one of the caller's archived records (a secret message deleted); idempotent, an unknown key changes nothing",
    params: HistoryRecordParams,
    status: 204,
  }),
  uploadKeyPackages: route({
    method: 'POST',
    path: '/v1/mls/key-packages',
    summary: "Upload the calling device's MLS key packages (one-time ones and a last-resort one)",
    body: UploadKeyPackagesRequest,
    response: KeyPackageCountResponse,
    errors: ['identity_key_missing', 'invalid_mls_message'],
  }),
  countKeyPackages: route({
    method: 'GET',
    path: '/v1/mls/key-packages',
    summary: 'How many unclaimed key packages the calling device has',
    response: KeyPackageCountResponse,
  }),
  claimKeyPackages: route({
    method: 'POST',
    path: '/v1/mls/key-packages/claim',
    summary: 'Claim one key package per device (each one-time package is handed out once)',
    body: ClaimKeyPackagesRequest,
    response: ClaimKeyPackagesResponse,
  }),
  listMlsWelcomes: route({
    method: 'GET',
    path: '/v1/mls/welcomes',
    summary: 'Welcomes into secret-chat groups for the calling device',
    response: MlsWelcomeListResponse,
  }),
  getMlsGroup: route({
    method: 'GET',
    path: '/v1/conversations/:id/mls',
    summary: "A secret chat's MLS epoch and the devices that should be in its group",
    params: IdParams,
    response: MlsGroupInfoResponse,
    errors: ['not_secret_conversation'],
  }),
  submitMlsCommit: route({
    method: 'POST',
    path: '/v1/conversations/:id/mls/commits',
    summary: 'Submit a commit (and its welcome) made from the given epoch; 409 stale_epoch when behind',
    params: IdParams,
    body: SubmitCommitRequest,
    response: MlsMessageResponse,
    status: 201,
    errors: ['stale_epoch', 'not_secret_conversation', 'invalid_mls_message', 'forbidden', 'invalid_members'],
  }),
  sendMlsMessage: route({
    method: 'POST',
    path: '/v1/conversations/:id/mls/messages',
    summary: 'Send an encrypted application message to a secret chat (idempotent by clientId)',
    params: IdParams,
    body: SendMlsMessageRequest,
    response: MlsMessageResponse,
    status: 201,
    errors: ['not_secret_conversation', 'invalid_mls_message', 'media_not_found'],
  }),
  listMlsMessages: route({
    method: 'GET',
    path: '/v1/conversations/:id/mls/messages',
    summary: "A secret chat's commits and ciphertexts after a seq, ascending",
    params: IdParams,
    query: MlsMessageListQuery,
    response: MlsMessageListResponse,
    errors: ['not_secret_conversation'],
  }),
  deleteMlsMessage: route({
    method: 'DELETE',
    path: '/v1/conversations/:id/mls/messages/:messageId',
    summary:
      "Delete one's own secret message for everyone: its ciphertext and attachments are removed and it becomes a `deleted` entry at the next seq (mls.message), so every device drops it",
    params: MlsMessageParams,
    response: MlsMessageResponse,
    errors: ['not_secret_conversation', 'forbidden', 'edit_window_passed'],
  }),
  uploadSecretBlob: route({
    method: 'POST',
    path: '/v1/conversations/:id/mls/blobs',
    summary:
      'Upload an encrypted attachment of a secret chat as the raw body: stored as it is (never sniffed or processed), counted in the quota; members may fetch it once an MLS message names it (blobIds)',
    params: IdParams,
    query: SecretBlobUploadQuery,
    rawBody: ['*/*'],
    response: SecretBlobResponse,
    status: 201,
    errors: ['not_secret_conversation', 'media_too_large', 'media_quota_exceeded', 'invalid_media'],
  }),
  getSecretBlob: route({
    method: 'GET',
    path: '/v1/conversations/:id/mls/blobs/:blobId',
    summary:
      'The bytes of an encrypted attachment (application/octet-stream): its uploader, or a member who was in the chat when the message carrying it was sent',
    params: SecretBlobParams,
    status: 200,
    errors: ['not_secret_conversation'],
  }),
  deleteSecretBlob: route({
    method: 'DELETE',
    path: '/v1/conversations/:id/mls/blobs/:blobId',
    summary: 'Delete an encrypted attachment (its uploader only); the bytes are removed from the server',
    params: SecretBlobParams,
    status: 204,
    errors: ['not_secret_conversation'],
  }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;
/** The body of a route that takes raw bytes (an image upload): a Blob carries its own type. */
export type RawBody = Blob | Uint8Array;
/** Whether route N takes raw bytes rather than JSON. */
type IsRaw<N extends RouteName> = [Exclude<Routes[N]['rawBody'], undefined>] extends [never] ? false : true;
export type RouteBody<N extends RouteName> = IsRaw<N> extends true ? RawBody : In<Routes[N]['body']>;
export type RouteQuery<N extends RouteName> = In<Routes[N]['query']>;
export type RouteParams<N extends RouteName> = Out<Routes[N]['params']>;
export type RouteResponse<N extends RouteName> = Out<Routes[N]['response']>;
/** What a handler receives after parsing. */
export type ParsedBody<N extends RouteName> = Out<Routes[N]['body']>;
export type ParsedQuery<N extends RouteName> = Out<Routes[N]['query']>;
