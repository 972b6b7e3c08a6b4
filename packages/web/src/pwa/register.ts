/// <reference types="vite/client" />
// The page's side of the service worker: registers /sw.js once the page has loaded (built app
// only), tells the page when a new version is waiting, lets it take over on request (then the
// page reloads), and shows the chat a notification click asks for.
import { chatHash, isOpenChatMessage } from './notifications.js';

type Listener = () => void;

let waiting: ServiceWorker | null = null;
const listeners = new Set<Listener>();

function setWaiting(w: ServiceWorker | null): void {
  waiting = w;
  for (const fn of listeners) fn();
}

/** Whether a new version is installed and waiting for the page's go-ahead. */
export const updateWaiting = (): boolean => waiting !== null;

export function onUpdateWaiting(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

let updating = false;

/** Lets the waiting version take over; the page reloads once it controls the page. */
export function applyUpdate(): void {
  if (!waiting) return;
  updating = true;
  waiting.postMessage({ type: 'anytime.skipWaiting' });
}

function watch(reg: ServiceWorkerRegistration): void {
  // Only a version that replaces a running one is an update (the first install just claims).
  if (reg.waiting && navigator.serviceWorker.controller) setWaiting(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const w = reg.installing;
    w?.addEventListener('statechange', () => {
      if (w.state === 'installed' && navigator.serviceWorker.controller) setWaiting(w);
    });
  });
}

export function startServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  container.addEventListener('message', (e: MessageEvent) => {
    if (isOpenChatMessage(e.data)) location.hash = chatHash(e.data.conversationId);
  });
  container.addEventListener('controllerchange', () => {
    if (!updating) return;
    updating = false;
    location.reload();
  });
  const register = () => {
    container.register('/sw.js', { scope: '/' }).then(watch, (e: unknown) => {
      console.warn('service worker not registered', e);
    });
  };
  // After load: the worker's precaching must not compete with the app's first requests.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
