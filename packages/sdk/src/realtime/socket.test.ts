import { WebSocket as NodeWebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { messageText, resolveSocketConstructor, socketUrl, type SocketConstructor } from './socket.js';

describe('socket helpers', () => {
  it('accepts both the DOM WebSocket type and the ws package as constructors', async () => {
    // Compile-time: both must be assignable to SocketConstructor (tsc checks this file).
    const fromWs: SocketConstructor = NodeWebSocket;
    const fromDom: SocketConstructor | undefined = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
    expect(fromWs).toBe(NodeWebSocket);
    expect(fromDom === undefined || typeof fromDom === 'function').toBe(true);
    // Runtime: the injected constructor wins; without one, some implementation is found.
    await expect(resolveSocketConstructor(fromWs)).resolves.toBe(NodeWebSocket);
    await expect(resolveSocketConstructor()).resolves.toBeTypeOf('function');
  });

  it('builds the socket URL from the HTTP base URL, keeping a path prefix', () => {
    expect(socketUrl('http://127.0.0.1:8080', { access_token: 'a b', cursor: undefined })).toBe(
      'ws://127.0.0.1:8080/v1/ws?access_token=a+b',
    );
    expect(socketUrl('https://example.org/chat/', { access_token: 't', cursor: '0.5' })).toBe(
      'wss://example.org/chat/v1/ws?access_token=t&cursor=0.5',
    );
  });

  it('reads text from strings, buffers and array buffers', () => {
    expect(messageText('{"a":1}')).toBe('{"a":1}');
    expect(messageText(Buffer.from('hé'))).toBe('hé');
    expect(messageText(new TextEncoder().encode('x').buffer)).toBe('x');
    expect(messageText(42)).toBeNull();
  });
});
