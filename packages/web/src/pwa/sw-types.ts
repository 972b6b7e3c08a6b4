// The few service-worker types the worker uses. The web app compiles against the DOM library,
// which lacks them (the WebWorker library cannot be mixed with DOM), so they are declared here.

export interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}

export interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Response | Promise<Response>): void;
}

export interface PushEvent extends ExtendableEvent {
  readonly data: { json(): unknown; text(): string } | null;
}

export interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification;
}

export interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}

export interface SwClient {
  readonly url: string;
  postMessage(message: unknown): void;
}

export interface SwWindowClient extends SwClient {
  readonly focused: boolean;
  focus(): Promise<SwWindowClient>;
  navigate(url: string): Promise<SwWindowClient | null>;
}

export interface SwClients {
  matchAll(options: { type: 'window'; includeUncontrolled?: boolean }): Promise<readonly SwWindowClient[]>;
  openWindow(url: string): Promise<SwWindowClient | null>;
  claim(): Promise<void>;
}

export interface ServiceWorkerScope {
  readonly location: Location;
  readonly registration: ServiceWorkerRegistration;
  readonly clients: SwClients;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'push', fn: (e: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', fn: (e: NotificationEvent) => void): void;
  addEventListener(type: 'message', fn: (e: ExtendableMessageEvent) => void): void;
}
