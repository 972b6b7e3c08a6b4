// Registers benchmark users on an XMPP server with in-band registration (XEP-0077), one raw
// TCP stream per user and several at a time: much faster than one ejabberdctl or prosodyctl
// process per user. A "conflict" (the user exists) counts as done.
import { connect } from 'node:net';
import { errorCondition, hasStreamFeatures, iqAnswer, registerIq, streamHeader } from './stanza.js';

export interface XmppAccount {
  username: string;
  password: string;
}

export interface XmppEndpoint {
  host: string;
  port: number;
  domain: string;
}

function registerOne(ep: XmppEndpoint, account: XmppAccount, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(ep.port, ep.host);
    let received = '';
    let asked = false;
    const finish = (err?: Error) => {
      clearTimeout(timer);
      socket.end('</stream:stream>');
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new Error(`registering ${account.username}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(streamHeader(ep.domain)));
    socket.on('error', (e) => finish(e));
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (!asked && hasStreamFeatures(received)) {
        asked = true;
        received = '';
        socket.write(registerIq('reg1', account.username, account.password));
        return;
      }
      const answer = iqAnswer(received, 'reg1');
      if (answer === 'result') finish();
      else if (answer === 'error') {
        const condition = errorCondition(received);
        if (condition === 'conflict') finish();
        else finish(new Error(`registering ${account.username}: ${condition ?? received.slice(0, 300)}`));
      }
    });
  });
}

/** Registers one account, trying again (a few times) when the connection fails. */
async function registerWithRetry(ep: XmppEndpoint, account: XmppAccount, timeoutMs: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await registerOne(ep, account, timeoutMs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'ECONNRESET' && code !== 'ECONNREFUSED' && code !== 'EPIPE')) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

export async function registerAccounts(
  ep: XmppEndpoint,
  accounts: readonly XmppAccount[],
  concurrency = 16,
  timeoutMs = 30_000,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const account = accounts[next++];
      if (account) await registerWithRetry(ep, account, timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, accounts.length) }, worker));
}
