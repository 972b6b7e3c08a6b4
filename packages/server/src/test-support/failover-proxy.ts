// A TCP front for several nodes, like a load balancer with health checks: each new connection
// goes to the first target that accepts it, in the order given, so when a node dies (its port
// refuses) clients that reconnect land on the next one. Open connections end with their node.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface FailoverProxy {
  url: string;
  /** Where new connections try first (index into the targets). */
  prefer: number;
  close(): Promise<void>;
}

function dial(targets: URL[], from: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const attempt = (i: number) => {
      if (i >= targets.length) return reject(new Error('no target accepts connections'));
      const t = targets[(from + i) % targets.length]!;
      const s = connect(Number(t.port), t.hostname);
      s.once('connect', () => {
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', () => {
        s.destroy();
        attempt(i + 1);
      });
    };
    attempt(0);
  });
}

export async function startFailoverProxy(targetUrls: string[]): Promise<FailoverProxy> {
  const targets = targetUrls.map((u) => new URL(u));
  const sockets = new Set<Socket>();
  const proxy: FailoverProxy = {
    url: '',
    prefer: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((client) => {
    client.pause();
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    dial(targets, proxy.prefer).then(
      (upstream) => {
        sockets.add(upstream);
        upstream.on('error', () => undefined);
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(upstream);
        };
        upstream.on('close', end);
        client.on('close', end);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('proxy has no port');
  proxy.url = `http://127.0.0.1:${addr.port}`;
  return proxy;
}
