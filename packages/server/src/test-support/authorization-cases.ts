// Rows of the authorization matrix (authorization.test.ts): for each route, how to call it as
// each kind of caller and the status each must get. Typed as a Record over RouteName, so adding
// a route to the protocol without a row here fails the typecheck.
//
// The world (Fixture): `member` owns a group (groupId) with `blocked`, `other` and, until they
// were removed, `removed`; `member` also has a direct chat (directId) with `blocked`, whom
// `member` has blocked. `nonMember` is in neither. Conversation routes aim at the group,
// except for the `blocked` caller, who aims at the direct chat with the user who blocked them.
import type { Message, RouteName } from '@anytime/protocol';
import sharp from 'sharp';
import { api, WsClient, type TestUser } from './harness.js';

export const CALLERS = ['anonymous', 'nonMember', 'removed', 'blocked', 'member'] as const;
export type Caller = (typeof CALLERS)[number];

export interface Fixture {
  url: string;
  users: Record<Exclude<Caller, 'anonymous'> | 'other', TestUser>;
  groupId: string;
  directId: string;
  /** Sent by `member` into the group before anyone was removed. */
  groupMessageId: string;
  /** Sent by `member` into the direct chat. */
  directMessageId: string;
  /** Signs the user in again: a new device with fresh tokens. */
  login(u: TestUser): Promise<TestUser>;
}

export interface AuthRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** A token other than the caller's own (null: none). */
  token?: string | null;
  /** A raw (non-JSON) body instead of `body`. */
  raw?: string;
}

export interface AuthCase {
  request(f: Fixture, caller: Caller): AuthRequest | Promise<AuthRequest>;
  expect: Record<Caller, number>;
  /** Build a new world before each caller (the route changes what later callers would see). */
  fresh?: boolean;
}

/** The conversation a caller aims at: the direct chat for the blocked user, else the group. */
export const convOf = (f: Fixture, caller: Caller): string => (caller === 'blocked' ? f.directId : f.groupId);
export const messageOf = (f: Fixture, caller: Caller): string =>
  caller === 'blocked' ? f.directMessageId : f.groupMessageId;
/** The caller, or `member` standing in for the anonymous caller where a user is needed. */
export const userOf = (f: Fixture, caller: Caller): TestUser => f.users[caller === 'anonymous' ? 'member' : caller];

const groupCalls = new WeakMap<Fixture, Promise<string>>();
/** A call `other` placed in the group (one per fixture), over the socket as the product does. */
function groupCallOf(f: Fixture): Promise<string> {
  let call = groupCalls.get(f);
  if (!call) {
    call = (async () => {
      const ws = await WsClient.connect(f.url, f.users.other.token);
      const clientId = unique('call');
      ws.send({ type: 'call.invite', clientId, conversationId: f.groupId, media: 'audio' });
      const reply = await ws.next((x) => x['clientId'] === clientId);
      ws.close();
      const id = (reply['call'] as { id?: string } | undefined)?.id;
      if (!id) throw new Error(`call.invite failed: ${JSON.stringify(reply)}`);
      return id;
    })();
    groupCalls.set(f, call);
  }
  return call;
}

let n = 0;
const unique = (p: string) => `${p}${Date.now().toString(36)}${(n += 1)}`;

/** Any signed-in user may; nobody else. */
const SIGNED_IN = (ok: number) => ({ anonymous: 401, nonMember: ok, removed: ok, blocked: ok, member: ok });
/** Reading a conversation: its members (the blocked user still reads their direct chat). */
const CONV_READ = { anonymous: 401, nonMember: 404, removed: 404, blocked: 200, member: 200 };
/** Changing a message or conversation: its members (blocking does not exist yet, as for sends). */
const MESSAGE_WRITE = { anonymous: 401, nonMember: 404, removed: 404, blocked: 200, member: 200 };
/** A per-user mark on a message (hide, star): members who can see it; 204. */
const MESSAGE_MARK = { anonymous: 401, nonMember: 404, removed: 404, blocked: 204, member: 204 };

/** Managing a group: its owner may; in the direct chat (the blocked caller's aim) nobody may. */
const GROUP_ADMIN = (ok: number) => ({ anonymous: 401, nonMember: 404, removed: 404, blocked: 403, member: ok });
/** The smallest GIF header the avatar sniffing accepts, as text. */
const GIF = 'GIF89a\x01\x00\x01\x00\x00\x00\x00;';

/** A fresh invite link to the group, made by its owner. */
async function inviteOf(f: Fixture): Promise<string> {
  const r = await api(f.url, 'POST', `/v1/conversations/${f.groupId}/invites`, {
    token: f.users.member.token,
    body: {},
  });
  return (r.body as { invite: { code: string } }).invite.code;
}

/** A file the media upload accepts (sniffed as a PDF), as text. */
const PDF = '%PDF-1.4\n%%EOF\n';

/** A media item uploaded by `member`, shared nowhere: only they may see it. */
async function memberMedia(f: Fixture): Promise<string> {
  const r = await api(f.url, 'POST', '/v1/media', { token: f.users.member.token, raw: PDF });
  return (r.body as { media: { id: string } }).media.id;
}
const REGION = { x: 0.1, y: 0.1, w: 0.2, h: 0.2 };

/** `member` sends a photo to the group (tagging `other` when asked). */
async function photoMessage(f: Fixture, tagged: boolean) {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
  const res = await fetch(`${f.url}/v1/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${f.users.member.token}`, 'content-type': 'image/png' },
    body: new Blob([new Uint8Array(png)]),
  });
  const mediaId = ((await res.json()) as { media: { id: string } }).media.id;
  const photoTags = tagged ? [{ mediaId, userId: f.users.other.user.id, ...REGION }] : [];
  const sent = await api(f.url, 'POST', `/v1/conversations/${f.groupId}/messages`, {
    token: f.users.member.token,
    body: { clientId: unique('p'), text: '', mediaIds: [mediaId], photoTags },
  });
  const message = (sent.body as { message: Message }).message;
  return { messageId: message.id, mediaId, tagId: message.media[0]?.tags[0]?.id };
}

/** MLS routes on a cloud chat: members learn it is not a secret chat; others may not see it. */
const SECRET_ONLY = { anonymous: 401, nonMember: 404, removed: 404, blocked: 409, member: 409 };

const UPLOADER_ONLY = { anonymous: 401, nonMember: 404, removed: 404, blocked: 404, member: 200 };

export const AUTH_CASES: Record<RouteName, AuthCase> = {
  health: { request: () => ({}), expect: { anonymous: 200, nonMember: 200, removed: 200, blocked: 200, member: 200 } },
  ready: { request: () => ({}), expect: { anonymous: 200, nonMember: 200, removed: 200, blocked: 200, member: 200 } },
  register: {
    request: () => ({ body: { username: unique('r'), password: 'correct horse' } }),
    expect: { anonymous: 201, nonMember: 201, removed: 201, blocked: 201, member: 201 },
  },
  login: {
    request: (f, c) => ({ body: { username: userOf(f, c).user.username, password: userOf(f, c).password } }),
    expect: { anonymous: 200, nonMember: 200, removed: 200, blocked: 200, member: 200 },
  },
  refresh: {
    request: async (f, c) => ({ body: { refreshToken: (await f.login(userOf(f, c))).refreshToken } }),
    expect: { anonymous: 200, nonMember: 200, removed: 200, blocked: 200, member: 200 },
  },
  logout: {
    // Each caller signs out a second device of their own, so the world stays signed in.
    request: async (f, c) => (c === 'anonymous' ? {} : { token: (await f.login(userOf(f, c))).accessToken }),
    expect: SIGNED_IN(204),
  },
  me: { request: () => ({}), expect: SIGNED_IN(200) },
  updateMe: { request: () => ({ body: { about: 'matrix' } }), expect: SIGNED_IN(200) },
  setMyAvatar: { request: () => ({ raw: GIF }), expect: SIGNED_IN(200) },
  deleteMyAvatar: { request: () => ({}), expect: SIGNED_IN(200) },
  getUserAvatar: {
    // `other` has an avatar: any signed-in user may see it.
    request: async (f) => {
      await api(f.url, 'PUT', '/v1/me/avatar', { token: f.users.other.token, raw: GIF });
      return { params: { id: f.users.other.user.id } };
    },
    expect: SIGNED_IN(200),
  },
  getSettings: { request: () => ({}), expect: SIGNED_IN(200) },
  updateSettings: { request: () => ({ body: { lastSeen: 'contacts' } }), expect: SIGNED_IN(200) },
  searchUsers: { request: () => ({ query: { prefix: 'u' } }), expect: SIGNED_IN(200) },
  getUser: { request: (f) => ({ params: { id: f.users.other.user.id } }), expect: SIGNED_IN(200) },
  listDevices: { request: () => ({}), expect: SIGNED_IN(200) },
  revokeDevice: {
    request: async (f, c) => ({ params: { id: (await f.login(userOf(f, c))).deviceId } }),
    expect: SIGNED_IN(204),
  },
  createConversation: {
    request: (f) => ({ body: { kind: 'group', title: 'new', memberIds: [f.users.other.user.id] } }),
    expect: SIGNED_IN(201),
  },
  listConversations: { request: () => ({}), expect: SIGNED_IN(200) },
  getConversation: { request: (f, c) => ({ params: { id: convOf(f, c) } }), expect: CONV_READ },
  listMembers: { request: (f, c) => ({ params: { id: convOf(f, c) } }), expect: CONV_READ },
  sendMessage: {
    request: (f, c) => ({ params: { id: convOf(f, c) }, body: { clientId: unique('m'), text: 'matrix' } }),
    // The blocked caller writes into the direct chat with the user who blocked them.
    expect: { anonymous: 401, nonMember: 404, removed: 404, blocked: 403, member: 201 },
  },
  listMessages: { request: (f, c) => ({ params: { id: convOf(f, c) } }), expect: CONV_READ },
  updateConversationState: {
    request: (f, c) => ({ params: { id: convOf(f, c) }, body: { mutedUntil: 'forever' } }),
    expect: CONV_READ,
  },
  reportReceipts: { request: (f, c) => ({ params: { id: convOf(f, c) }, body: { readSeq: 1 } }), expect: CONV_READ },
  listReceipts: { request: (f, c) => ({ params: { id: convOf(f, c) } }), expect: CONV_READ },
  messageReceipts: {
    // Only the sender (`member`) sees who read a message; the blocked user reads the direct chat
    // but did not send its message.
    request: (f, c) => ({ params: { id: messageOf(f, c) } }),
    expect: { anonymous: 401, nonMember: 404, removed: 404, blocked: 403, member: 200 },
  },
  sync: { request: () => ({}), expect: SIGNED_IN(200) },
  addMembers: {
    request: (f, c) => ({ params: { id: convOf(f, c) }, body: { userIds: [f.users.nonMember.user.id] } }),
    expect: GROUP_ADMIN(200),
  },
  removeMember: {
    request: (f, c) => ({ params: { id: convOf(f, c), userId: f.users.other.user.id } }),
    expect: GROUP_ADMIN(204),
  },
  leaveConversation: { request: (f, c) => ({ params: { id: convOf(f, c) } }), expect: GROUP_ADMIN(204) },
  setMemberRole: {
    request: (f, c) => ({ params: { id: convOf(f, c), userId: f.users.other.user.id }, body: { role: 'admin' } }),
    expect: GROUP_ADMIN(200),
  },
  transferOwnership: {
    request: (f, c) => ({ params: { id: convOf(f, c) }, body: { userId: f.users.other.user.id } }),
    expect: GROUP_ADMIN(200),
  },
  updateConversation: {
    request: (f, c) => ({ params: { id: convOf(f, c) }, body: { title: 'renamed' } }),
    expect: GROUP_ADMIN(200),
  },
  setAvatar: { request: (f, c) => ({ params: { id: convOf(f, c) }, raw: GIF }), expect: GROUP_ADMIN(200) },
  deleteAvatar: { request: (f, c) => ({ params: { id: convOf(f, c) } }), expect: GROUP_ADMIN(200) },
  getAvatar: {
    // The group has an avatar; a direct chat never has one.
    request: async (f, c) => {
      await api(f.url, 'PUT', `/v1/conversations/${f.groupId}/avatar`, { token: f.users.member.token, raw: GIF });
      return { params: { id: convOf(f, c) } };
    },
    expect: { anonymous: 401, nonMember: 404, removed: 404, blocked: 404, member: 200 },
  },
  createInvite: { request: (f, c) => ({ params: { id: convOf(f, c) }, body: {} }), expect: GROUP_ADMIN(201) },
  listInvites: { request: (f, c) => ({ params: { id: convOf(f, c) } }), expect: GROUP_ADMIN(200) },
  revokeInvite: {
    request: async (f, c) => ({ params: { id: convOf(f, c), code: await inviteOf(f) } }),
    expect: GROUP_ADMIN(204),
  },
  previewInvite: { request: async (f) => ({ params: { code: await inviteOf(f) } }), expect: SIGNED_IN(200) },
  joinByInvite: {
    // Joining is for anyone with the link; members (the blocked user is one) get 200.
    request: async (f) => ({ params: { code: await inviteOf(f) } }),
    expect: { anonymous: 401, nonMember: 201, removed: 201, blocked: 200, member: 200 },
  },
  searchMessages: {
    request: (f, c) => ({ query: { q: 'hello', conversationId: convOf(f, c) } }),
    expect: CONV_READ,
  },
  getVapidKey: { request: () => ({}), expect: SIGNED_IN(200) },
  putPushSubscription: {
    request: () => ({
      body: {
        endpoint: 'https://push.example.com/matrix',
        keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
      },
    }),
    expect: SIGNED_IN(204),
  },
  deletePushSubscription: { request: () => ({}), expect: SIGNED_IN(204) },
  // A loopback target is refused before any fetch (no allowlist in the matrix's server).
  getLinkPreview: { request: () => ({ query: { url: 'http://127.0.0.1:9/' } }), expect: SIGNED_IN(400) },
  // Message actions. The blocked caller aims at the direct chat's message, which `member` sent.
  editMessage: {
    request: (f, c) => ({ params: { id: messageOf(f, c) }, body: { text: 'edited' } }),
    // Only the sender edits: the blocked user is a member of the direct chat but not the sender.
    expect: { ...MESSAGE_WRITE, blocked: 403 },
  },
  deleteMessage: {
    request: (f, c) => ({ params: { id: messageOf(f, c) } }),
    expect: { ...MESSAGE_WRITE, blocked: 403 },
  },
  hideMessage: { request: (f, c) => ({ params: { id: messageOf(f, c) } }), expect: MESSAGE_MARK },
  listMessageEdits: { request: (f, c) => ({ params: { id: messageOf(f, c) } }), expect: CONV_READ },
  addReaction: {
    request: (f, c) => ({ params: { id: messageOf(f, c) }, body: { emoji: '👍' } }),
    expect: { ...MESSAGE_WRITE, blocked: 403 },
  },
  removeReaction: {
    request: (f, c) => ({ params: { id: messageOf(f, c) }, query: { emoji: '👍' } }),
    expect: MESSAGE_WRITE,
  },
  listReactions: { request: (f, c) => ({ params: { id: messageOf(f, c) } }), expect: CONV_READ },
  forwardMessage: {
    request: (f, c) => ({
      params: { id: messageOf(f, c) },
      body: { clientId: unique('f'), conversationId: convOf(f, c) },
    }),
    expect: { ...MESSAGE_WRITE, blocked: 403, member: 201 },
  },
  // Any member of a direct chat pins; in the group `member` is the owner.
  pinMessage: { request: (f, c) => ({ params: { id: messageOf(f, c) } }), expect: { ...MESSAGE_WRITE, blocked: 403 } },
  unpinMessage: {
    request: (f, c) => ({ params: { id: messageOf(f, c) } }),
    expect: { ...MESSAGE_WRITE, blocked: 403 },
  },
  listPins: { request: (f, c) => ({ params: { id: convOf(f, c) } }), expect: CONV_READ },
  starMessage: { request: (f, c) => ({ params: { id: messageOf(f, c) } }), expect: MESSAGE_MARK },
  unstarMessage: { request: (f, c) => ({ params: { id: messageOf(f, c) } }), expect: MESSAGE_MARK },
  listStarred: { request: () => ({}), expect: SIGNED_IN(200) },
  listMentions: { request: () => ({}), expect: SIGNED_IN(200) },
  // Any member of a direct chat sets the timer; in the group `member` is the owner.
  setTimer: {
    request: (f, c) => ({ params: { id: convOf(f, c) }, body: { seconds: 300 } }),
    expect: { ...MESSAGE_WRITE, blocked: 403 },
  },
  // Only the sender tags (`member`, who sends a photo to the group); others aim at the fixture's
  // messages: non-members cannot see them, and in the direct chat the blocked user may not tag.
  addPhotoTag: {
    request: async (f, c) => {
      if (c !== 'member') {
        return { params: { id: messageOf(f, c) }, body: { mediaId: 'm', userId: f.users.other.user.id, ...REGION } };
      }
      const p = await photoMessage(f, false);
      return { params: { id: p.messageId }, body: { mediaId: p.mediaId, userId: f.users.other.user.id, ...REGION } };
    },
    expect: { ...MESSAGE_WRITE, blocked: 403 },
  },
  // The sender removes a tag of their photo; others find no such tag where they may look.
  removePhotoTag: {
    request: async (f, c) => {
      if (c !== 'member') return { params: { id: messageOf(f, c), tagId: 'no-tag' } };
      const p = await photoMessage(f, true);
      return { params: { id: p.messageId, tagId: p.tagId! } };
    },
    expect: { ...MESSAGE_WRITE, blocked: 404 },
  },
  listGallery: { request: (f, c) => ({ params: { id: convOf(f, c) }, query: { kind: 'photos' } }), expect: CONV_READ },
  listContacts: { request: () => ({}), expect: SIGNED_IN(200) },
  saveContact: { request: (f) => ({ body: { userId: f.users.other.user.id, name: 'Other' } }), expect: SIGNED_IN(200) },
  removeContact: {
    request: async (f, c) => {
      if (c !== 'anonymous')
        await api(f.url, 'POST', '/v1/contacts', { token: f.users[c].token, body: { userId: f.users.other.user.id } });
      return { params: { id: f.users.other.user.id } };
    },
    expect: SIGNED_IN(204),
  },
  listBlocks: { request: () => ({}), expect: SIGNED_IN(200) },
  blockUser: { request: (f) => ({ body: { userId: f.users.other.user.id } }), expect: SIGNED_IN(204) },
  unblockUser: {
    request: async (f, c) => {
      if (c !== 'anonymous')
        await api(f.url, 'POST', '/v1/blocks', { token: f.users[c].token, body: { userId: f.users.other.user.id } });
      return { params: { id: f.users.other.user.id } };
    },
    expect: SIGNED_IN(204),
  },
  report: {
    // Evidence must be a message the caller can see: not for non-members and removed members.
    request: (f, c) => ({
      body: { clientId: unique('rep'), userId: f.users.other.user.id, messageIds: [messageOf(f, c)], reason: 'spam' },
    }),
    expect: { anonymous: 401, nonMember: 404, removed: 404, blocked: 201, member: 201 },
  },
  queryPresence: { request: (f) => ({ body: { userIds: [f.users.other.user.id] } }), expect: SIGNED_IN(200) },
  uploadMedia: { request: () => ({ raw: PDF }), expect: SIGNED_IN(201) },
  getMedia: { request: async (f) => ({ params: { id: await memberMedia(f) } }), expect: UPLOADER_ONLY },
  getMediaVariant: {
    // A bearer token (no signature): the uploader's works, nobody else's; without one, 404.
    request: async (f) => ({ params: { id: await memberMedia(f), variant: 'original' } }),
    expect: { anonymous: 404, nonMember: 404, removed: 404, blocked: 404, member: 200 },
  },
  mediaUrls: { request: async (f) => ({ body: { ids: [await memberMedia(f)] } }), expect: SIGNED_IN(200) },
  mediaUsage: { request: () => ({}), expect: SIGNED_IN(200) },
  // Calls (modules/calls).
  iceServers: { request: () => ({}), expect: SIGNED_IN(200) },
  listCalls: { request: () => ({}), expect: SIGNED_IN(200) },
  // A group call placed by `other`: it rings the group's members (member, blocked); others do not see it.
  getCall: {
    request: async (f) => ({ params: { id: await groupCallOf(f) } }),
    expect: { anonymous: 401, nonMember: 404, removed: 404, blocked: 200, member: 200 },
  },
  // Keys (modules/keys).
  setIdentityKey: {
    request: () => ({ body: { identityKey: 'A'.repeat(43) } }),
    expect: SIGNED_IN(200),
  },
  publishDeviceKeys: {
    request: () => ({ body: { signingKey: 'A'.repeat(43), hpkeKey: 'A'.repeat(43), signature: 'A'.repeat(86) } }),
    expect: SIGNED_IN(409),
  },
  getUserKeys: { request: (f) => ({ params: { id: f.users.member.user.id } }), expect: SIGNED_IN(200) },
  queryUserKeys: { request: (f) => ({ body: { userIds: [f.users.member.user.id] } }), expect: SIGNED_IN(200) },
  // Secret chats (modules/mls). The fixture's chats are cloud chats: members get 409
  // not_secret_conversation, everyone else 404 as for any conversation they may not see.
  uploadKeyPackages: { request: () => ({ body: { keyPackages: [] } }), expect: SIGNED_IN(409) },
  countKeyPackages: { request: () => ({}), expect: SIGNED_IN(200) },
  claimKeyPackages: {
    request: (f) => ({ body: { devices: [{ userId: f.users.member.user.id, deviceId: 'nodevice' }] } }),
    expect: SIGNED_IN(200),
  },
  listMlsWelcomes: { request: () => ({}), expect: SIGNED_IN(200) },
  getMlsGroup: { request: (f, c) => ({ params: { id: convOf(f, c) } }), expect: SECRET_ONLY },
  submitMlsCommit: {
    request: (f, c) => ({ params: { id: convOf(f, c) }, body: { epoch: 0, commit: 'AAAA' } }),
    expect: SECRET_ONLY,
  },
  sendMlsMessage: {
    request: (f, c) => ({
      params: { id: convOf(f, c) },
      body: { clientId: unique('m'), epoch: 0, ciphertext: 'AAAA' },
    }),
    expect: SECRET_ONLY,
  },
  listMlsMessages: { request: (f, c) => ({ params: { id: convOf(f, c) } }), expect: SECRET_ONLY },
  uploadSecretBlob: { request: (f, c) => ({ params: { id: convOf(f, c) }, raw: PDF }), expect: SECRET_ONLY },
  getSecretBlob: {
    request: (f, c) => ({ params: { id: convOf(f, c), blobId: unique('b') } }),
    expect: SECRET_ONLY,
  },
  deleteSecretBlob: {
    request: (f, c) => ({ params: { id: convOf(f, c), blobId: unique('b') } }),
    expect: SECRET_ONLY,
  },
  deleteMlsMessage: {
    request: (f, c) => ({ params: { id: convOf(f, c), messageId: unique('m') } }),
    expect: SECRET_ONLY,
  },
  getKeyBackup: { request: () => ({}), expect: SIGNED_IN(404) },
  putKeyBackup: {
    request: () => ({
      body: {
        previousVersion: 0,
        kdf: { alg: 'scrypt', salt: 'AAAA', N: 32768, r: 8, p: 1 },
        nonce: 'AAAA',
        ciphertext: 'AAAA',
      },
    }),
    expect: SIGNED_IN(200),
  },
  // Sealed messages (modules/sealed). The fixture's users have no key bundles, so a member's
  // envelope names no recipient device (409); the fixture's messages are not sealed (404).
  sendSealed: {
    request: (f, c) => ({
      params: { id: convOf(f, c) },
      body: {
        clientId: unique('sealed'),
        suite: 'x25519-hkdf-sha256-aes128gcm',
        viewOnce: false,
        envelopes: [{ deviceId: userOf(f, c).deviceId, enc: 'A'.repeat(43), ciphertext: 'AAAA' }],
      },
    }),
    expect: { anonymous: 401, nonMember: 404, removed: 404, blocked: 403, member: 409 },
  },
  getSealed: {
    request: (f, c) => ({ params: { id: messageOf(f, c) } }),
    expect: { anonymous: 401, nonMember: 404, removed: 404, blocked: 404, member: 404 },
  },
  revealSealed: {
    request: (f, c) => ({ params: { id: messageOf(f, c) } }),
    expect: { anonymous: 401, nonMember: 404, removed: 404, blocked: 404, member: 404 },
  },
  // The history archive (modules/key-backup): per account.
  putHistory: {
    request: () => ({ body: { records: [{ key: unique('k'), nonce: 'AAAA', ciphertext: 'AAAA' }] } }),
    expect: SIGNED_IN(200),
  },
  listHistory: { request: () => ({}), expect: SIGNED_IN(200) },
  deleteHistory: { request: () => ({ params: { key: unique('k') } }), expect: SIGNED_IN(204) },
};
