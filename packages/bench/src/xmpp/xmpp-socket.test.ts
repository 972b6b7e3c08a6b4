// Tests how XMPP messages map onto the protocol-neutral deliveries the ledger counts.
import { xml } from '@xmpp/client';
import { describe, expect, it } from 'vitest';
import { addressOf, deliveredOfStanza, directConversationId, seqOfClientId } from './xmpp-socket.js';

describe('XMPP conversation ids', () => {
  it('addresses a direct chat to the receiver and a room as groupchat', () => {
    expect(addressOf(directConversationId('m0', 'm50'), 'localhost')).toEqual({ to: 'm50@localhost', type: 'chat' });
    expect(addressOf('r1@conference.localhost', 'localhost')).toEqual({
      to: 'r1@conference.localhost',
      type: 'groupchat',
    });
  });

  it('reads the per-sender order from the client id', () => {
    expect(seqOfClientId('dm-3-0')).toBe(1);
    expect(seqOfClientId('lat-41')).toBe(42);
    expect(seqOfClientId('x')).toBeUndefined();
  });

  it('turns message stanzas into deliveries, and ignores the rest', () => {
    const chat = xml('message', { from: 'm0@localhost/bench', type: 'chat', id: 'dm-0-4' }, xml('body', {}, 'hi'));
    expect(deliveredOfStanza(chat, 'm50')).toEqual({ conversationId: 'dm:m0:m50', clientId: 'dm-0-4', seq: 5 });
    const room = xml(
      'message',
      { from: 'r@conference.localhost/m1', type: 'groupchat', id: 'f-1-0' },
      xml('body', {}, 'x'),
    );
    expect(deliveredOfStanza(room, 'm2')).toEqual({ conversationId: 'r@conference.localhost', clientId: 'f-1-0' });
    const noBody = xml('message', { from: 'm0@localhost/bench', type: 'chat', id: 'a' });
    expect(deliveredOfStanza(noBody, 'm50')).toBeUndefined();
  });
});
