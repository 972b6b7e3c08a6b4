// Property tests for the parsers at the edge: any JSON at all is either parsed or refused with a
// catalog code; it never throws. Valid values survive a JSON round trip unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegisterRequest, Username } from './accounts.js';
import { CreateConversationRequest } from './conversations.js';
import { ERROR_CATALOG } from './errors.js';
import { ClientFrame } from './frames.js';
import { HistoryQuery, SendMessageRequest } from './messages.js';
import { SendMlsMessageRequest } from './mls.js';
import { parseWith } from './parse.js';
import { SecretPayload } from './secret-media.js';

const schemas = { RegisterRequest, CreateConversationRequest, SendMessageRequest, HistoryQuery, ClientFrame };

describe('parsers never throw', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(name, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const r = parseWith(schema, value);
          if (!r.ok) expect(ERROR_CATALOG[r.code].status).toBe(400);
        }),
        { numRuns: 300 },
      );
    });
  }
});

it('send frames built from valid parts parse, and survive JSON', () => {
  const frame = fc.record({
    type: fc.constant('send' as const),
    conversationId: fc.string({ minLength: 1, maxLength: 64 }),
    clientId: fc.string({ minLength: 1, maxLength: 64 }),
    text: fc.string({ minLength: 1, maxLength: 200 }),
  });
  fc.assert(
    fc.property(frame, (f) => {
      const r = parseWith(ClientFrame, JSON.parse(JSON.stringify(f)));
      expect(r).toEqual({ ok: true, value: f });
    }),
  );
});

it('usernames normalize to lowercase and match [a-z0-9_.]{3,32}', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9_.]{3,32}$/), (name) => {
      expect(Username.parse(name)).toBe(name.toLowerCase());
    }),
  );
  expect(Username.safeParse('no').success).toBe(false);
  expect(Username.safeParse('white space').success).toBe(false);
});

it('maps an over-long text to text_too_long', () => {
  const r = parseWith(SendMessageRequest, { clientId: 'c', text: 'x'.repeat(16_001) });
  expect(r.ok ? null : r.code).toBe('text_too_long');
  expect(parseWith(RegisterRequest, { username: 'abc', password: 'short' })).toMatchObject({
    ok: false,
    code: 'invalid_request',
  });
});

it('a secret edit is a payload of its own with new text; the urgent flag of a send is a boolean', () => {
  const edit = { v: 1, text: '', edit: { messageId: 'm1', text: 'fixed' } };
  expect(SecretPayload.safeParse(edit).success).toBe(true);
  expect(SecretPayload.safeParse({ ...edit, text: 'more' }).success).toBe(false);
  expect(SecretPayload.safeParse({ ...edit, reaction: { messageId: 'm1', emoji: '👍' } }).success).toBe(false);
  expect(SecretPayload.safeParse({ ...edit, replyTo: { messageId: 'm0', senderId: 'u', text: 'q' } }).success).toBe(
    false,
  );
  expect(SecretPayload.safeParse({ v: 1, text: '', edit: { messageId: 'm1', text: '' } }).success).toBe(false);
  const send = { clientId: 'c1', epoch: 0, ciphertext: 'AAAA' };
  for (const urgent of [undefined, true, false]) {
    expect(SendMlsMessageRequest.safeParse({ ...send, urgent }).success).toBe(true);
  }
  for (const urgent of ['false', 0, null]) {
    expect(parseWith(SendMlsMessageRequest, { ...send, urgent })).toMatchObject({ ok: false, code: 'invalid_request' });
  }
});
