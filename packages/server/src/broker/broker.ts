// The broker carries messages between server nodes. In-process for one node; NATS for many.
// Subjects are dot-separated; payloads are JSON-serializable values.
export type BrokerHandler = (payload: unknown) => void;

export interface Broker {
  readonly kind: 'memory' | 'nats';
  publish(subject: string, payload: unknown): void;
  /** Returns a function that unsubscribes. */
  subscribe(subject: string, handler: BrokerHandler): () => void;
  /** Called after the connection to other nodes was lost and came back (messages may be lost). */
  onReconnect(listener: () => void): void;
  /** Whether messages published now reach the other nodes (always true in-process). */
  connected(): boolean;
  close(): Promise<void>;
}
