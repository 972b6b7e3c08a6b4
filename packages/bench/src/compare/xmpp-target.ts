// ejabberd or Prosody as a comparison target: the peer started pinned in its own temporary
// directory, the bench users registered in-band, and the same shapes as Anytime's world:
// pair i is m<i> -> m<pairs+i>, and the fan-out group is a MUC room of all 2 x pairs users.
import type { RunningPeer } from '../peers/peer-process.js';
import { registerAccounts, type XmppAccount, type XmppEndpoint } from '../xmpp/register.js';
import type { SocketSpec } from '../pool/messages.js';
import { directConversationId } from '../xmpp/xmpp-socket.js';
import type { CompareTarget } from './target.js';

export interface XmppTargetOptions {
  pairs: number;
  idleUsers: number;
}

const ARCHIVE: Record<string, string> = {
  ejabberd: 'mod_mam on Mnesia',
  'ejabberd-sqlite': 'mod_mam on SQLite',
  prosody: 'mam on its internal file storage',
};

const account = (username: string): XmppAccount => ({ username, password: `bench-${username}` });

export async function xmppTarget(peer: RunningPeer, opts: XmppTargetOptions): Promise<CompareTarget> {
  const ep: XmppEndpoint = { host: peer.host, port: peer.port, domain: peer.domain };
  const members = Array.from({ length: opts.pairs * 2 }, (_, i) => account(`m${i}`));
  const idle = Array.from({ length: opts.idleUsers }, (_, i) => account(`idle${i}`));
  await registerAccounts(ep, [...members, ...idle], 16);
  const spec = (a: XmppAccount): SocketSpec => ({ kind: 'xmpp', endpoint: ep, account: a });
  let rooms = 0;
  return {
    key: peer.name === 'ejabberd' || peer.name === 'ejabberd-sqlite' ? peer.name : 'prosody',
    label:
      peer.name === 'prosody'
        ? `Prosody ${peer.version}`
        : `ejabberd ${peer.version} (${peer.name === 'ejabberd' ? 'Mnesia' : 'SQLite'})`,
    ackMeaning:
      'in direct chats, the XEP-0198 stream-management ack (`<a h=.../>` answering an `<r/>` sent after each ' +
      "message): the sender's session has handled the message, which includes writing it to the sender's archive " +
      `(${ARCHIVE[peer.name] ?? peer.name}), without an fsync; ` +
      "in the group, the room's reflection of the message to its sender, sent after the room archived and broadcast it",
    watched: { serverPid: peer.pid },
    cpus: peer.cpus,
    idle: (from, n) => idle.slice(from, from + n).map(spec),
    pairs: (n) =>
      Array.from({ length: n }, (_, i) => ({
        sender: spec(members[i] as XmppAccount),
        receiver: spec(members[opts.pairs + i] as XmppAccount),
        conversationId: directConversationId(`m${i}`, `m${opts.pairs + i}`),
      })),
    group: () => ({
      members: members.map(spec),
      conversationId: `fanout${rooms++}@${peer.mucDomain}`,
      joinRoom: true,
    }),
    stop: () => peer.stop(),
  };
}
