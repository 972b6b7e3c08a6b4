// Prometheus metrics at /metrics (prom-client), one registry per server so that several servers
// in one process (the tests) do not mix their numbers. What an operator of several nodes
// watches: sockets, events and messages per second, how long an event takes from being
// stamped in its write to being handed to this node's sockets, database pool or write queue,
// and the Node.js runtime (event-loop lag, heap, GC) from prom-client's default metrics.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Broker } from '../broker/broker.js';
import type { Feed } from '../events/feed.js';
import type { Router } from '../gateway/router.js';
import type { Storage } from '../storage/storage.js';

export interface MetricsSources {
  storage: Storage;
  broker: Broker;
  feed: Feed;
  router: Router;
  nodeId: string;
}

export class Metrics {
  readonly registry = new Registry();

  constructor(src: MetricsSources) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ node: src.nodeId });
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });

    new Gauge({
      name: 'anytime_ws_connections',
      help: 'WebSocket connections open on this node',
      registers,
      collect() {
        this.set(src.router.size);
      },
    });
    new Gauge({
      name: 'anytime_ws_users',
      help: 'Distinct users with at least one socket on this node',
      registers,
      collect() {
        this.set(src.router.userCount);
      },
    });
    new Gauge({
      name: 'anytime_database',
      help: 'Database side: pool connections (PostgreSQL) or queued writes (SQLite), by stat',
      labelNames: ['backend', 'stat'],
      registers,
      collect() {
        for (const [stat, value] of Object.entries(src.storage.stats())) {
          this.set({ backend: src.storage.dialect, stat }, value);
        }
      },
    });
    new Gauge({
      name: 'anytime_broker_connected',
      help: '1 when this node reaches the broker (always 1 in-process)',
      labelNames: ['kind'],
      registers,
      collect() {
        this.set({ kind: src.broker.kind }, src.broker.connected() ? 1 : 0);
      },
    });
    const events = new Counter({
      name: 'anytime_events_total',
      help: "Committed events handed to this node's gateway, by type (message.created counts messages)",
      labelNames: ['type'],
      registers,
    });
    const latency = new Histogram({
      name: 'anytime_event_delivery_seconds',
      help: "From the moment a write stamped an event to the moment this node's gateway routed it to its sockets",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    src.feed.onRows((rows) => {
      const now = Date.now();
      for (const { event } of rows) {
        events.inc({ type: event.type });
        latency.observe(Math.max(0, now - Date.parse(event.at)) / 1000);
      }
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
