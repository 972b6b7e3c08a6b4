// Which columns hold message content and are sealed at rest, and whose data key each row uses.
// A new column that holds anything a user wrote belongs here (no-plaintext.test.ts checks it).

export interface ProtectedTable {
  columns: ReadonlySet<string>;
  /** Columns a row's scope is found from (read back for updates). */
  scopeColumns: readonly string[];
  /**
   * The scope of a row, from its scope columns; `conversationOf` finds a message's conversation
   * for tables that only name the message (the only case that returns a promise: the send path
   * seals without waiting when the scope and its key are at hand).
   */
  scopeOf(
    row: Record<string, unknown>,
    conversationOf: (messageId: string) => Promise<string>,
  ): string | Promise<string>;
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string' || v === '') throw new Error(`at rest: a row without its ${what}`);
  return v;
};
const conversationScope = (id: string) => `c:${id}`;
const userScope = (id: string) => `u:${id}`;

export const PROTECTED: Readonly<Record<string, ProtectedTable>> = {
  messages: {
    // media: the attachments' snapshot, with file names.
    columns: new Set(['text', 'entities', 'quote', 'forwarded', 'link_preview', 'media']),
    scopeColumns: ['conversation_id'],
    scopeOf: (r) => conversationScope(str(r['conversation_id'], 'conversation_id')),
  },
  message_edits: {
    columns: new Set(['text', 'entities']),
    scopeColumns: ['message_id'],
    scopeOf: async (r, conversationOf) => conversationScope(await conversationOf(str(r['message_id'], 'message_id'))),
  },
  report_messages: {
    columns: new Set(['text']),
    scopeColumns: ['conversation_id'],
    scopeOf: (r) => conversationScope(str(r['conversation_id'], 'conversation_id')),
  },
  events: {
    columns: new Set(['payload']),
    scopeColumns: ['conversation_id', 'user_id'],
    scopeOf: (r) =>
      typeof r['conversation_id'] === 'string'
        ? conversationScope(r['conversation_id'])
        : userScope(str(r['user_id'], 'conversation_id or user_id')),
  },
  conversation_states: {
    columns: new Set(['draft_text']),
    scopeColumns: ['user_id'],
    scopeOf: (r) => userScope(str(r['user_id'], 'user_id')),
  },
  media: {
    // The name of an uploaded file (a document's title is often what the message is about).
    columns: new Set(['file_name']),
    scopeColumns: ['uploader_id'],
    scopeOf: (r) => userScope(str(r['uploader_id'], 'uploader_id')),
  },
  link_previews: {
    columns: new Set(['preview']),
    scopeColumns: [],
    scopeOf: () => 'g:link-previews',
  },
};
