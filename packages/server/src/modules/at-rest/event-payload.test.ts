// Which message event payloads are stored split (event-payload.ts): only those whose sole
// content is the text and that hold no field the module does not know; and a payload object
// refuses to be written unsealed. The stored form itself is tested on both databases in
// sealing-dialect.test.ts.
import { describe, expect, it } from 'vitest';
import type { EventBody } from '@anytime/protocol';
import { testMessage } from '@anytime/protocol/testing';
import { EventPayload, splitText } from './event-payload.js';

describe('which payloads are split', () => {
  const message = testMessage({ conversationId: 'c1', seq: 1, text: 'hello', linkPreview: null });
  const body = (m: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({
      type: 'message.created',
      at: message.createdAt,
      conversationId: 'c1',
      seq: 1,
      message: m,
      ...extra,
    }) as unknown as EventBody;

  it('only those whose sole content is the text, with no field it does not know', () => {
    expect(splitText(body(message))).toBe('hello');
    expect(splitText(body({ ...message, entities: [{ type: 'bold', offset: 0, length: 5 }] }))).toBeUndefined();
    expect(splitText(body({ ...message, quote: { messageId: 'x', senderId: 'u', text: 'q' } }))).toBeUndefined();
    expect(splitText(body({ ...message, linkPreview: { url: 'https://x' } }))).toBeUndefined();
    expect(splitText(body({ ...message, somethingNew: 'words' }))).toBeUndefined();
    expect(splitText(body(message, { note: 'words' }))).toBeUndefined();
    expect(splitText(body({ ...message, conversationId: 'c2' }))).toBeUndefined();
  });

  it('an event payload refuses to be written as it is', () => {
    const p = new EventPayload(body(message));
    expect(() => p.toPostgres()).toThrow(/unsealed/);
    expect(() => JSON.stringify(p)).toThrow(/unsealed/);
  });
});
