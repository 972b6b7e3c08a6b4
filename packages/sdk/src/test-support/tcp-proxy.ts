// A TCP proxy for tests: forwards to the server, and can black-hole traffic (connections stay
// open but nothing gets through, like a dead network path) or cut every connection.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  url: string;
  /** While true, bytes in both directions are dropped. */
  blackhole: boolean;
  /** Destroys every open connection (both sides see a reset). */
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const proxy: TcpProxy = {
    url: '',
    blackhole: false,
    cut() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        proxy.cut();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d) => {
      if (!proxy.blackhole) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!proxy.blackhole) client.write(d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('proxy has no port');
  proxy.url = `http://127.0.0.1:${addr.port}`;
  return proxy;
}
