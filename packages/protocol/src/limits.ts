// Limits that both sides of the wire must agree on; schemas and the server import them from here.
export const LIMITS = {
  /** Longest message text, in UTF-16 code units (as Telegram counts). */
  textMax: 16_000,
  /** Most members a group may have. */
  groupMembersMax: 10_000,
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
  /** Group description, characters. */
  descriptionMax: 512,
  /** Most users one add-members call names. */
  membersAddMax: 100,
  /** Most admins a group may have besides its owner (they travel in every Conversation). */
  groupAdminsMax: 50,
  /** Largest group or user avatar, bytes. */
  avatarBytesMax: 524_288,
  deviceNameMax: 64,
  mediaPerMessageMax: 10,
  /** Most people tagged in one photo of one message. */
  photoTagsMax: 50,
  /** Most entities (@mentions) in one message. */
  entitiesMax: 100,
  /**
   * The server's default EDIT_WINDOW_SECONDS (48 h): how long after sending a message may be
   * edited or deleted for everyone. Clients use it where the server cannot check (secret-chat
   * edits, which receivers check themselves); a server configured otherwise refuses cloud edits
   * by its own window.
   */
  editWindowDefaultSeconds: 172_800,
  /** Longest text excerpt a reply quotes, UTF-16 code units. */
  quoteExcerptMax: 120,
  /** How many reacting users a message names per emoji; the rest are listed by a route. */
  reactionWhoInline: 10,
  /** Most conversations a user may pin (as Telegram and WhatsApp). */
  pinnedMax: 5,
  /** Largest JSON request body, bytes. */
  jsonBodyMax: 1_048_576,
  /** Largest WebSocket frame a client may send, bytes. */
  frameMax: 262_144,
  /** Longest search query, characters. */
  searchQueryMax: 256,
  searchPageMax: 100,
  searchPageDefault: 20,
} as const;

export const USERNAME_PATTERN = /^[a-z0-9_.]{3,32}$/;
