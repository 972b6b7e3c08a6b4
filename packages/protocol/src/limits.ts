// Limits that both sides of the wire must agree on; schemas and the server import them from here.
export const LIMITS = {
  /** Longest message text, in UTF-16 code units (as Telegram counts). */
  textMax: 16_000,
  /** Most members a group may have. */
  groupMembersMax: 1_000,
  /** Largest page of history or sync. */
  pageMax: 200,
  /** Default page of history or sync. */
  pageDefault: 50,
  clientIdMax: 64,
  usernameMin: 3,
  usernameMax: 32,
  passwordMin: 8,
  passwordMax: 1_024,
  displayNameMax: 64,
  aboutMax: 256,
  titleMax: 128,
  deviceNameMax: 64,
  mediaPerMessageMax: 10,
  /** Largest JSON request body, bytes. */
  jsonBodyMax: 1_048_576,
  /** Largest WebSocket frame a client may send, bytes. */
  frameMax: 262_144,
} as const;

export const USERNAME_PATTERN = /^[a-z0-9_.]{3,32}$/;
