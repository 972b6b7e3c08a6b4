// For component tests against the real server: a test server, signed-in SDK clients (Node's ws
// for the socket), a group between them, and a render wrapper with the client and the user
// directory the components expect.
import type { ReactNode } from 'react';
import { WebSocket as NodeWebSocket } from 'ws';
import type { Conversation, Message } from '@anytime/protocol';
import { createClient, type AnytimeClient } from '@anytime/sdk';
import { ClientProvider } from '../../client/client-context.js';
import { UserDirectoryContext } from '../../users/use-users.js';
import { UserDirectory } from '../../users/user-directory.js';
import type { ChildServer } from '../../test-support/test-server.js';

export interface Person {
  client: AnytimeClient;
  id: string;
  username: string;
  directory: UserDirectory;
}

let n = 0;
const unique = (p: string) => `${p}${process.pid % 1000}${Date.now().toString(36).slice(-4)}${(n += 1)}`;

export async function person(server: ChildServer, prefix: string, displayName: string): Promise<Person> {
  const client = createClient({ baseUrl: server.url, WebSocket: NodeWebSocket as never });
  const res = await client.register({ username: unique(prefix), password: 'correct horse battery', displayName });
  await client.connect();
  const directory = new UserDirectory(async (id) => (await client.api('getUser', { params: { id } })).user);
  return { client, id: res.user.id, username: res.user.username, directory };
}

/** The same user on another device. */
export async function signInAgain(server: ChildServer, p: Person): Promise<Person> {
  const client = createClient({ baseUrl: server.url, WebSocket: NodeWebSocket as never });
  await client.login({ username: p.username, password: 'correct horse battery' });
  await client.connect();
  const directory = new UserDirectory(async (id) => (await client.api('getUser', { params: { id } })).user);
  return { client, id: p.id, username: p.username, directory };
}

export function wrapper(p: Person) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <ClientProvider client={p.client}>
        <UserDirectoryContext.Provider value={p.directory}>{children}</UserDirectoryContext.Provider>
      </ClientProvider>
    );
  };
}

export async function group(owner: Person, members: Person[]): Promise<Conversation> {
  const { conversation } = await owner.client.api('createConversation', {
    body: { kind: 'group', title: 'Test group', memberIds: members.map((m) => m.id) },
  });
  return conversation;
}

export async function latest(p: Person, conversationId: string): Promise<Message | undefined> {
  const { messages } = await p.client.api('listMessages', { params: { id: conversationId }, query: {} });
  return messages.filter((m) => m.system === null).at(-1);
}

export async function until<T>(get: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export { startTestServer } from '../../test-support/test-server.js';
