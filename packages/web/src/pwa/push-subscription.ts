// Web Push for this device: asks the browser for a push subscription with the server's VAPID
// key and hands it to the server through the SDK; on sign-out, removes it on both sides.
import type { AnytimeClient } from '@anytime/sdk';

export type PushPermission = 'unsupported' | NotificationPermission;

export function pushPermission(): PushPermission {
  if (!('serviceWorker' in navigator) || typeof PushManager === 'undefined' || typeof Notification === 'undefined') {
    return 'unsupported';
  }
  return Notification.permission;
}

export function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function sameKey(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  return x.every((v, i) => v === b[i]);
}

/** Subscribes this browser (permission must be granted) and registers it with the server. */
export async function subscribePush(client: AnytimeClient): Promise<void> {
  const reg = await navigator.serviceWorker.ready;
  const { publicKey } = await client.api('getVapidKey');
  const key = base64UrlToBytes(publicKey);
  let sub = await reg.pushManager.getSubscription();
  if (sub && !sameKey(sub.options.applicationServerKey, key)) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  const json = sub.toJSON();
  const p256dh = json.keys?.['p256dh'];
  const auth = json.keys?.['auth'];
  if (!json.endpoint || !p256dh || !auth) throw new Error('the push subscription has no keys');
  await client.api('putPushSubscription', { body: { endpoint: json.endpoint, keys: { p256dh, auth } } });
}

/** Best effort before sign-out: the server forgets the subscription, the browser drops it. */
export async function unsubscribePush(client: AnytimeClient): Promise<void> {
  if (pushPermission() === 'unsupported') return;
  const reg = await navigator.serviceWorker.getRegistration();
  const sub = await reg?.pushManager.getSubscription();
  if (!sub) return;
  await client.api('deletePushSubscription').catch(() => undefined);
  await sub.unsubscribe().catch(() => false);
}
