// The part of @xmpp/client (0.14, which ships no types) the benchmark uses.
declare module '@xmpp/client' {
  import type { EventEmitter } from 'node:events';

  export interface Element {
    name: string;
    attrs: Record<string, string | undefined>;
    children: (Element | string)[];
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildText(name: string, xmlns?: string): string | null;
    toString(): string;
  }

  export function xml(name: string, attrs?: Record<string, string> | null, ...children: (Element | string)[]): Element;

  export interface StreamManagement extends EventEmitter {
    enabled: boolean;
    requestAckInterval: number;
    requestAckDebounce: number;
    timeout: number;
  }

  export interface Client extends EventEmitter {
    status: string;
    send(element: Element): Promise<void>;
    start(): Promise<unknown>;
    stop(): Promise<void>;
    streamManagement: StreamManagement;
    reconnect: { stop(): void };
    iqCaller: { request(element: Element, timeoutMs?: number): Promise<Element> };
  }

  export type Authenticate = (credentials: { username: string; password: string }, mechanism: string) => Promise<void>;

  export interface ClientOptions {
    service: string;
    domain: string;
    resource?: string;
    credentials?: (authenticate: Authenticate, mechanisms: string[]) => Promise<void>;
  }

  export function client(options: ClientOptions): Client;
}
