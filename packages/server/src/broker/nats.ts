// NATS broker for many nodes (BROKER_URL=nats://...). Core pub/sub: fast and at-most-once,
// which is enough because durable state lives in the database and nodes re-read it after a
// reconnect (see events/feed.ts).
import { connect, JSONCodec, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { Broker, BrokerHandler } from './broker.js';

const codec = JSONCodec();

export class NatsBroker implements Broker {
  readonly kind = 'nats' as const;
  private readonly reconnectListeners: (() => void)[] = [];
  private up = true;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly log: Logger,
  ) {
    void this.watch();
  }

  static async connect(url: string, name: string, log: Logger): Promise<NatsBroker> {
    const nc = await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    return new NatsBroker(nc, log);
  }

  private async watch(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'reconnect') {
        this.up = true;
        this.log.warn('broker reconnected');
        for (const l of this.reconnectListeners) l();
      } else if (s.type === 'disconnect') {
        this.up = false;
        this.log.warn('broker disconnected');
      }
    }
  }

  publish(subject: string, payload: unknown): void {
    this.nc.publish(subject, codec.encode(payload));
  }

  subscribe(subject: string, handler: BrokerHandler): () => void {
    const sub = this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) {
          this.log.error({ err }, 'broker subscription error');
          return;
        }
        handler(codec.decode(msg.data));
      },
    });
    return () => sub.unsubscribe();
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  connected(): boolean {
    return !this.nc.isClosed() && this.up;
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}
