// A small world for integration tests: users with several devices each (every device a client
// with its own killable sockets), in a direct chat and a group, recording what each device's
// client emitted.
import type { Conversation, Event, User } from '@anytime/protocol';
import type { AnytimeClient, ClientOptions } from '../client.js';
import { device, PASSWORD, uniqueName, type SocketTracker } from './harness.js';

export interface WorldDevice {
  index: number;
  user: User;
  client: AnytimeClient;
  kill(): number;
  /** Every frame its sockets received. */
  frames: SocketTracker['frames'];
  /** Every protocol event this client emitted, in order. */
  events: Event[];
  /** Whether the test wants it connected (connect() called, disconnect() not since). */
  online: boolean;
}

export interface World {
  users: User[];
  devices: WorldDevice[];
  conversations: Conversation[];
  /** Conversations each user belongs to. */
  conversationsOf(userId: string): Conversation[];
  /** The members a conversation was created with (a group's Conversation does not list them). */
  memberIdsOf(conversationId: string): string[];
  close(): Promise<void>;
}

export async function buildWorld(
  baseUrl: string,
  devicesPerUser: number[],
  options: (userIndex: number, deviceIndex: number) => Partial<ClientOptions> = () => ({}),
): Promise<World> {
  const devices: WorldDevice[] = [];
  const users: User[] = [];
  for (const [u, count] of devicesPerUser.entries()) {
    const username = uniqueName(`w${u}`);
    for (let d = 0; d < count; d++) {
      const { client, kill, frames } = device(baseUrl, options(u, d));
      const res =
        d === 0
          ? await client.register({ username, password: PASSWORD, deviceName: `dev${d}` })
          : await client.login({ username, password: PASSWORD, deviceName: `dev${d}` });
      if (d === 0) users.push(res.user);
      const wd: WorldDevice = {
        index: devices.length,
        user: res.user,
        client,
        kill,
        frames,
        events: [],
        online: false,
      };
      client.on('event', (e) => wd.events.push(e));
      devices.push(wd);
    }
  }
  const owner = devices[0]!.client;
  const ids = users.map((u) => u.id);
  const conversations: Conversation[] = [];
  conversations.push(
    (await owner.api('createConversation', { body: { kind: 'direct', memberIds: [ids[1]!] } })).conversation,
  );
  conversations.push(
    (await owner.api('createConversation', { body: { kind: 'group', title: 'everyone', memberIds: ids.slice(1) } }))
      .conversation,
  );
  if (ids.length > 2) {
    const second = devices.find((d) => d.user.id === ids[1])!.client;
    conversations.push(
      (await second.api('createConversation', { body: { kind: 'direct', memberIds: [ids[2]!] } })).conversation,
    );
  }
  const members = new Map<string, string[]>(
    conversations.map((c, i) => [c.id, i === 1 ? ids : i === 0 ? ids.slice(0, 2) : ids.slice(1, 3)]),
  );
  const memberIdsOf = (conversationId: string) => members.get(conversationId) ?? [];
  return {
    users,
    devices,
    conversations,
    conversationsOf: (userId) => conversations.filter((c) => memberIdsOf(c.id).includes(userId)),
    memberIdsOf,
    close: async () => {
      await Promise.all(devices.map((d) => d.client.close()));
    },
  };
}
