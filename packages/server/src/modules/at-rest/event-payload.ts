// Event log payloads of message events, sealed at rest without sealing the message twice. A
// message.created payload repeats the message the send has just stored; sealing the whole JSON
// was a second AES-GCM per send (and a third of the at-rest overhead on SQLite). When the only
// content of the message is its text, the payload is stored as `ae1m.<JSON>`: the JSON of the
// event with `message.text` replaced by the text's sealed value (the very ciphertext of the
// message row when the same send stored it: same plaintext, key and additional data, so no IV is
// ever used for two plaintexts), everything else as the messages row keeps it in clear. Any other
// payload (a field with content besides the text, a field this file does not know) is sealed
// whole, as before.
import type { EventBody, Message } from '@anytime/protocol';

export const SPLIT_PREFIX = 'ae1m.';

/**
 * An event payload on its way to the sealing dialect: the storage hands the body over unsealed
 * and the dialect turns it into a string. It refuses to be written as it is (pg would store an
 * object's JSON; better-sqlite3 refuses objects anyway), so no path stores it in clear.
 */
export class EventPayload {
  constructor(readonly body: EventBody) {}
  toPostgres(): never {
    throw new Error('an event payload reached the database unsealed');
  }
  toJSON(): never {
    throw new Error('an event payload reached the database unsealed');
  }
}

/** Fields of a message the messages row keeps in clear (protected-columns.ts): clear here too. */
const CLEAR = [
  'id',
  'conversationId',
  'seq',
  'senderId',
  'senderDeviceId',
  'clientId',
  'replyToId',
  'mediaIds',
  'createdAt',
  'system',
  'editedAt',
  'deletedAt',
  'expiresAt',
  'updatedSeq',
  'reactions',
  'pin',
  'sealed',
] as const satisfies readonly (keyof Message)[];

const isEmptyList = (v: unknown) => Array.isArray(v) && v.length === 0;
const isNone = (v: unknown) => v === null || v === undefined;
/** Content fields (sealed columns of the row): the split form is used only when they are empty. */
const EMPTY: Record<Exclude<keyof Message, (typeof CLEAR)[number] | 'text'>, (v: unknown) => boolean> = {
  media: isEmptyList,
  entities: isEmptyList,
  linkPreview: isNone,
  quote: isNone,
  forwarded: isNone,
};

const clear = new Set<string>(CLEAR);
const BODY = new Set(['type', 'at', 'conversationId', 'seq', 'message']);

/**
 * The message text of a body that may be stored split (only its text is content), else
 * undefined. A field of the body or message not named above makes it undefined: a new field is
 * sealed with the whole payload until it is sorted into CLEAR or EMPTY.
 */
export function splitText(body: EventBody): string | undefined {
  const b = body as unknown as Record<string, unknown>;
  const m = b['message'] as Record<string, unknown> | undefined;
  if (m === null || typeof m !== 'object' || typeof m['text'] !== 'string') return undefined;
  for (const k in b) if (!BODY.has(k)) return undefined;
  if (b['conversationId'] !== m['conversationId']) return undefined;
  for (const k in m) {
    if (k === 'text' || clear.has(k)) continue;
    const empty = (EMPTY as Record<string, ((v: unknown) => boolean) | undefined>)[k];
    if (!empty?.(m[k])) return undefined;
  }
  return m['text'];
}

/** The stored form: the body with its message's text replaced by `sealedText`. */
export function splitPayload(body: EventBody, sealedText: string): string {
  const b = body as EventBody & { message: Message };
  return SPLIT_PREFIX + JSON.stringify({ ...b, message: { ...b.message, text: sealedText } });
}

/**
 * A stored split payload, parsed: its conversation and sealed text, and `join(text)` giving the
 * plain payload back. Undefined when the string only looks like one.
 */
export function parseSplit(
  value: string,
): { conversationId: string; text: string; join(text: string): string } | undefined {
  let body: { conversationId?: unknown; message?: { text?: unknown } };
  try {
    body = JSON.parse(value.slice(SPLIT_PREFIX.length)) as typeof body;
  } catch {
    return undefined;
  }
  const text = body?.message?.text;
  if (typeof body?.conversationId !== 'string' || typeof text !== 'string') return undefined;
  return {
    conversationId: body.conversationId,
    text,
    join: (plain) => {
      body.message!.text = plain;
      return JSON.stringify(body);
    },
  };
}
