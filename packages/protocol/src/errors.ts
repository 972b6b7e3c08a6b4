// The one catalog of error codes: every error the API returns uses a code from here, with its
// HTTP status and the description that docs/protocol.md must repeat (a test checks it).
import { z } from 'zod';

export const ERROR_CATALOG = {
  invalid_request: {
    status: 400,
    description: 'The request does not match its schema (wrong types, missing or unknown fields).',
  },
  invalid_json: { status: 400, description: 'The body or frame is not valid JSON.' },
  invalid_frame: { status: 400, description: 'A WebSocket frame is not a known client frame.' },
  invalid_cursor: { status: 400, description: 'The sync cursor is malformed or from another server.' },
  text_too_long: { status: 400, description: 'Message text is longer than 16,000 characters.' },
  too_many_members: { status: 400, description: 'A group would have more members than allowed.' },
  invalid_members: { status: 400, description: 'The member list is not valid for this kind of conversation.' },
  invalid_reply: { status: 400, description: 'replyToId names no message of this conversation.' },
  search_query_too_short: { status: 400, description: 'The search query has no word of 3 or more characters.' },
  url_not_allowed: { status: 400, description: 'The server may not fetch this host, address or port (private, ...).' },
  preview_unavailable: { status: 422, description: 'The page could not be fetched in time, or is not HTML.' },
  invalid_entities: {
    status: 400,
    description: 'Message entities are out of the text, overlap, or do not match it.',
  },
  invalid_emoji: { status: 400, description: 'A reaction must be exactly one emoji, not text.' },
  mention_not_member: { status: 400, description: 'A mention names a user who is not a member of the conversation.' },
  invalid_seq: { status: 400, description: 'The seq is beyond the latest seq of the conversation.' },
  invalid_mute: { status: 400, description: 'mutedUntil is not in the future.' },
  too_many_pinned: { status: 400, description: 'The user already has as many pinned conversations as allowed (5).' },
  self_target: { status: 400, description: 'You cannot block, add as a contact or report yourself.' },
  unauthorized: { status: 401, description: 'No valid access token was sent.' },
  token_expired: { status: 401, description: 'The access token has expired; refresh it.' },
  invalid_credentials: { status: 401, description: 'Wrong username or password.' },
  invalid_refresh_token: {
    status: 401,
    description: 'The refresh token is unknown, already used, or its device was revoked.',
  },
  forbidden: { status: 403, description: 'Signed in, but not allowed to do this.' },
  edit_window_passed: {
    status: 403,
    description: 'Too late to edit or delete for everyone (EDIT_WINDOW_SECONDS has passed).',
  },
  mention_all_forbidden: { status: 403, description: 'Only admins and the owner of a group may mention @all.' },
  blocked: { status: 403, description: 'One of you blocked the other: no direct messages, new chats or group adds.' },
  not_found: { status: 404, description: 'No such thing, or the caller may not see it.' },
  route_not_found: { status: 404, description: 'No such endpoint.' },
  media_not_found: { status: 404, description: 'A mediaId names no media the caller may attach.' },
  call_not_found: { status: 404, description: 'No such call, or the caller was not in it nor rung for it.' },
  identity_key_exists: {
    status: 409,
    description: 'The account already has a different identity key; send replace: true to reset it.',
  },
  identity_key_missing: { status: 409, description: 'Set the account identity key before publishing device keys.' },
  stale_epoch: {
    status: 409,
    description: 'The commit was made from an older MLS epoch: fetch the newer commits, apply them and commit again.',
  },
  secret_conversation: {
    status: 409,
    description: 'The conversation is a secret chat: messages go through its MLS routes, encrypted on the device.',
  },
  not_secret_conversation: { status: 409, description: 'The conversation is not a secret (MLS) chat.' },
  invalid_mls_message: { status: 400, description: 'The data is not a TLS-encoded MLS message of the expected kind.' },
  invalid_signature: { status: 400, description: 'A signature does not verify with the key it names.' },
  backup_version_conflict: {
    status: 409,
    description: 'The key backup changed since previousVersion; fetch it and try again.',
  },
  sealed_recipients_changed: {
    status: 409,
    description: 'Envelopes do not match the recipient devices; refetch the keys and seal again.',
  },
  sealed_unavailable: {
    status: 410,
    description: 'The sealed secret is gone: opened by every recipient (view-once) or expired.',
  },
  call_ended: { status: 409, description: 'The call has ended (or was answered on another device).' },
  username_taken: { status: 409, description: 'The username is already registered (case-insensitively).' },
  client_id_conflict: { status: 409, description: 'The clientId was already used for a different conversation.' },
  message_deleted: { status: 409, description: 'The message was deleted for everyone and cannot change.' },
  body_too_large: { status: 413, description: 'The request body is larger than allowed.' },
  unsupported_media_type: { status: 415, description: 'The Content-Type is not accepted here.' },
  rate_limited: { status: 429, description: 'Too many requests; retry after the Retry-After header (seconds).' },
  internal: { status: 500, description: 'An unexpected server error; nothing was changed.' },
  announcements_only: { status: 403, description: 'Only admins may send in this announcements-only group.' },
  too_many_admins: { status: 409, description: 'The group already has the most admins allowed (50).' },
  invite_expired: { status: 410, description: 'The invite link has expired.' },
  invite_revoked: { status: 410, description: 'The invite link was revoked.' },
  invite_used_up: { status: 410, description: 'The invite link has been used as many times as allowed.' },
  media_not_ready: { status: 409, description: 'A mediaId names an upload that is still processing (or failed).' },
  media_too_large: { status: 413, description: 'The upload is larger than MEDIA_MAX_BYTES (default 100 MB).' },
  media_quota_exceeded: { status: 413, description: 'The upload would take the user over their storage quota.' },
  media_type_mismatch: {
    status: 400,
    description: 'The bytes are a different type from the one the Content-Type or file name claims.',
  },
  invalid_media: {
    status: 400,
    description: 'The file is empty, truncated or corrupt, or its dimensions are over the pixel limit.',
  },
  invalid_tag: { status: 400, description: 'A photo tag names a media item that is not a photo of this message.' },
  invalid_image: { status: 400, description: 'The upload is not a PNG, JPEG, WebP or GIF image.' },
  unavailable: { status: 503, description: 'The server is starting, shutting down, or cannot reach its database.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;
export const ERROR_CODES = Object.keys(ERROR_CATALOG) as [ErrorCode, ...ErrorCode[]];

export const ErrorCodeSchema = z.enum(ERROR_CODES);

export const ErrorBody = z
  .object({
    code: ErrorCodeSchema,
    message: z.string(),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const ErrorResponse = z.object({ error: ErrorBody }).meta({ id: 'ErrorResponse' });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** WebSocket close codes the server uses (4000-4999 are application codes). */
export const CLOSE_CODES = {
  /** The access token was missing, invalid or expired. */
  unauthorized: 4001,
  /** The device was revoked or logged out. */
  deviceRevoked: 4003,
  /** The client could not keep up: its send buffer passed the limit. */
  slowConsumer: 4008,
  /** The cursor sent on connect is not valid. */
  invalidCursor: 4009,
  /** The server is shutting down; reconnect (to another node). */
  goingAway: 1001,
  /** No heartbeat answer in time. */
  heartbeatTimeout: 4010,
} as const;
