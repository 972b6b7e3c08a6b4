// What people do with calls in the web app, as steps for the call tests, and what the tests read
// from the page: an init script records every RTCPeerConnection the page makes (and can force
// relay-only ICE, as a network that allows nothing but TURN would), so the tests read WebRTC's own
// getStats without any test hook in the app.
import type { Page } from 'playwright-core';
import { strings } from '../src/strings.js';
import { createGroup, openChat, signUp } from './app-page.js';
import { uniqueName, type BrowserWorld } from './browser-world.js';

/** Chromium's fake microphone (a beep) and camera (a test pattern), allowed without a prompt. */
export const FAKE_MEDIA_ARGS: readonly string[] = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

declare global {
  interface Window {
    __pcs?: RTCPeerConnection[];
  }
}

/** Records the page's peer connections in window.__pcs; `relayOnly` forces iceTransportPolicy "relay". */
export async function spyOnPeerConnections(page: Page, relayOnly = false): Promise<void> {
  await page.context().addInitScript((relay: boolean) => {
    const Original = window.RTCPeerConnection;
    const pcs: RTCPeerConnection[] = [];
    window.__pcs = pcs;
    class Recorded extends Original {
      constructor(config?: RTCConfiguration) {
        super(relay ? { ...config, iceTransportPolicy: 'relay' } : config);
        pcs.push(this);
      }
    }
    window.RTCPeerConnection = Recorded;
  }, relayOnly);
}

/** A person signed up in their own context, with the peer-connection spy. */
export async function caller(
  world: BrowserWorld,
  prefix: string,
  viewport: [number, number] = [1280, 800],
  relayOnly = false,
) {
  const page = await world.person(viewport[0], viewport[1]);
  await spyOnPeerConnections(page, relayOnly);
  const username = uniqueName(prefix);
  await signUp(page, world.server.url, username);
  return { page, username, name: username.toUpperCase() };
}

export async function startCall(page: Page, title: string, media: 'audio' | 'video'): Promise<void> {
  const label = media === 'video' ? strings.calls.startVideo(title) : strings.calls.startVoice(title);
  await page.getByRole('button', { name: label }).click();
}

/** The first person makes a group of everyone and starts a video call in it; the others answer. */
export async function groupVideoCall(people: { page: Page; username: string }[], title: string): Promise<void> {
  const [first, ...rest] = people;
  if (!first) throw new Error('a group call needs people');
  await createGroup(
    first.page,
    title,
    rest.map((p) => p.username),
  );
  for (const p of rest) await openChat(p.page, title);
  await startCall(first.page, title, 'video');
  for (const p of rest) await answer(p.page, 'video', 30_000);
}

export function incomingDialog(page: Page) {
  return page.getByRole('alertdialog').filter({ has: page.getByRole('button', { name: strings.calls.decline }) });
}

export async function answer(page: Page, media: 'audio' | 'video', timeout = 20_000): Promise<void> {
  await incomingDialog(page).waitFor({ timeout });
  const name = media === 'video' ? strings.calls.acceptVideo : strings.calls.accept;
  await incomingDialog(page).getByRole('button', { name, exact: true }).click();
  await callScreen(page).waitFor();
}

export function callScreen(page: Page) {
  return page.locator('section.call-screen');
}

export async function pressControl(page: Page, name: string): Promise<void> {
  await callScreen(page).getByRole('button', { name, exact: true }).click();
}

export interface InboundStats {
  audioBytes: number;
  videoBytes: number;
  /** Inbound video streams (by connection and SSRC) with their bytes and decoded frames. */
  videos: Record<string, { bytes: number; frames: number }>;
  /** Local candidate types of the selected pairs. */
  candidateTypes: string[];
  /** connectionState of each peer connection the page made (for failure messages). */
  connections: string[];
}

/** Sums inbound RTP over the page's open peer connections. */
export function inboundStats(page: Page): Promise<InboundStats> {
  return page.evaluate(async () => {
    const out: InboundStats = { audioBytes: 0, videoBytes: 0, videos: {}, candidateTypes: [], connections: [] };
    const pcs = window.__pcs ?? [];
    for (const [i, pc] of pcs.entries()) {
      out.connections.push(pc.connectionState);
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      const byId = new Map<string, Record<string, unknown>>();
      report.forEach((r: Record<string, unknown>) => byId.set(r['id'] as string, r));
      report.forEach((r: Record<string, unknown>) => {
        if (r['type'] === 'inbound-rtp') {
          const bytes = Number(r['bytesReceived'] ?? 0);
          if (r['kind'] === 'audio') out.audioBytes += bytes;
          if (r['kind'] === 'video') {
            out.videoBytes += bytes;
            out.videos[`${i}:${String(r['ssrc'])}`] = { bytes, frames: Number(r['framesDecoded'] ?? 0) };
          }
        }
        if (r['type'] === 'transport' && r['selectedCandidatePairId']) {
          const pair = byId.get(r['selectedCandidatePairId'] as string);
          const local = pair && byId.get(pair['localCandidateId'] as string);
          if (local) out.candidateTypes.push(String(local['candidateType']));
        }
      });
    }
    return out;
  });
}

/** The ICE ufrags of the page's open peer connection: its own and the other side's. */
export const ufrags = (page: Page) =>
  page.evaluate(() => {
    const pc = (window.__pcs ?? []).find((p) => p.connectionState !== 'closed');
    const of = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1] ?? null;
    return { local: of(pc?.localDescription?.sdp), remote: of(pc?.remoteDescription?.sdp) };
  });

/** Waits until both ufrags of the page's open peer connection differ from `before`. */
export async function untilUfragsChange(page: Page, before: { local: string | null; remote: string | null }) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const now = await ufrags(page);
    if (now.local !== before.local && now.remote !== before.remote && now.local && now.remote) return now;
    if (Date.now() > deadline) throw new Error(`ICE credentials did not change: ${JSON.stringify({ before, now })}`);
    await page.waitForTimeout(250);
  }
}

/** Outbound RTP bytes (audio and video) summed over the page's open peer connections. */
export function outboundBytes(page: Page): Promise<{ audio: number; video: number }> {
  return page.evaluate(async () => {
    const out = { audio: 0, video: 0 };
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((r: Record<string, unknown>) => {
        if (r['type'] !== 'outbound-rtp') return;
        if (r['kind'] === 'audio') out.audio += Number(r['bytesSent'] ?? 0);
        if (r['kind'] === 'video') out.video += Number(r['bytesSent'] ?? 0);
      });
    }
    return out;
  });
}

/** Waits until inbound audio and video bytes grew by at least `minGrowth` between two reads. */
export async function expectMediaFlowing(page: Page, minGrowth = 5_000, timeoutMs = 30_000): Promise<InboundStats> {
  const deadline = Date.now() + timeoutMs;
  let first = await inboundStats(page);
  for (;;) {
    await page.waitForTimeout(1000);
    const next = await inboundStats(page);
    if (next.audioBytes - first.audioBytes > minGrowth / 10 && next.videoBytes - first.videoBytes > minGrowth)
      return next;
    if (Date.now() > deadline) {
      throw new Error(`media not flowing: ${JSON.stringify({ first, next })}`);
    }
    if (next.audioBytes === first.audioBytes && next.videoBytes === first.videoBytes) continue;
    first = next;
  }
}

/** Waits until at least `count` inbound video streams each grew and decoded frames. */
export async function expectVideoStreams(page: Page, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let before = await inboundStats(page);
  for (;;) {
    await page.waitForTimeout(1500);
    const after = await inboundStats(page);
    const growing = Object.entries(after.videos).filter(
      ([k, v]) => v.frames > 0 && v.bytes > (before.videos[k]?.bytes ?? 0),
    ).length;
    if (growing >= count) return;
    if (Date.now() > deadline) throw new Error(`${growing} of ${count} videos growing: ${JSON.stringify(after)}`);
    before = after;
  }
}

/** The call line of the open chat's timeline (the last one). */
export function callLine(page: Page) {
  return page.locator('.call-message .text').last();
}
