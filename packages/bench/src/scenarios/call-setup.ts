// Scenario k: call setup time in Debian's headless Chromium with fake camera and microphone,
// through the built web app and a real server: two people in a direct chat, 20 video calls one
// after the other; for each, the time from the callee pressing Accept to the first remote video
// frame painted (requestVideoFrameCallback on the remote tile) on the callee's page and on the
// caller's. Both pages run on this machine, so the numbers are loopback (host candidates).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createClient } from '@anytime/sdk';
import { DeliveryLedger } from '../delivery-ledger.js';
import { formatValue } from '../format.js';
import type { Timing } from '../timing.js';
import { FAKE_MEDIA_ARGS, launchChromium } from './chromium.js';
import type { ScenarioResult } from './result.js';
import type { BenchWorld } from './world.js';

const WEB_INDEX = fileURLToPath(new URL('../../../web/dist/index.html', import.meta.url));
const CALLS = 20;
const AIM_MS = 1000;

/** The web app's call UI (packages/web/src/calls): the header's video button, the incoming screen. */
const VIDEO_BUTTON = '.call-buttons .call-button:nth-child(2)';
const ACCEPT = '.call-incoming .call-accept';
const HANGUP = '.call-screen .call-hangup';
const CALL_SCREEN = 'section.call-screen';

/**
 * Runs in each page before its scripts: window.__firstRemoteFrame() resolves with Date.now() at
 * the first frame a remote (not mirrored) call video paints.
 */
const FIRST_FRAME_SCRIPT = `(() => {
  window.__firstRemoteFrame = () => new Promise((resolve) => {
    const seen = new WeakSet();
    const watch = () => {
      for (const v of document.querySelectorAll('.call-tile video:not(.mirrored)')) {
        if (seen.has(v)) continue;
        seen.add(v);
        v.requestVideoFrameCallback(() => { observer.disconnect(); resolve(Date.now()); });
      }
    };
    const observer = new MutationObserver(watch);
    observer.observe(document, { childList: true, subtree: true });
    watch();
  });
})();`;

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

async function signedInPage(browser: Browser, base: string, session: unknown, hash: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  await context.addInitScript(`localStorage.setItem('anytime.session', ${JSON.stringify(JSON.stringify(session))});`);
  await context.addInitScript(FIRST_FRAME_SCRIPT);
  const page = await context.newPage();
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector(VIDEO_BUTTON);
  return page;
}

const firstFrame = (page: Page) => page.evaluate('window.__firstRemoteFrame()') as Promise<number>;

export async function runCallSetup(world: BenchWorld, id: string, _timing: Timing): Promise<ScenarioResult> {
  const scenario = `calls: accept -> first remote video frame, ${CALLS} 1:1 video calls, headless Chromium, loopback`;
  if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: build the web app first`);
  const base = world.server.baseUrl;
  const stamp = Date.now().toString(36);
  const caller = createClient({ baseUrl: base });
  const callee = createClient({ baseUrl: base });
  const a = await caller.register({ username: `kc${stamp}a`, password: 'bench-password-calls' });
  const b = await callee.register({ username: `kc${stamp}b`, password: 'bench-password-calls' });
  const { conversation } = await caller.api('createConversation', { body: { kind: 'direct', memberIds: [b.user.id] } });
  const hash = `#/c/${encodeURIComponent(conversation.id)}`;

  const browser = await launchChromium([...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required']);
  const calleeMs: number[] = [];
  const callerMs: number[] = [];
  const problems: string[] = [];
  try {
    const pa = await signedInPage(browser, base, { ...caller.session!, userId: a.user.id }, hash);
    const pb = await signedInPage(browser, base, { ...callee.session!, userId: b.user.id }, hash);
    for (let i = 0; i < CALLS; i++) {
      await pa.click(VIDEO_BUTTON);
      await pb.waitForSelector(ACCEPT, { timeout: 30_000 });
      const frames = Promise.all([firstFrame(pb), firstFrame(pa)]);
      const acceptedAt = Date.now();
      await pb.click(ACCEPT);
      const [atCallee, atCaller] = await Promise.race([
        frames,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`call ${i}: no remote frame in 30 s`)), 30_000),
        ),
      ]);
      calleeMs.push(atCallee - acceptedAt);
      callerMs.push(atCaller - acceptedAt);
      await pa.click(HANGUP);
      await pa.waitForSelector(CALL_SCREEN, { state: 'detached' });
      await pb.waitForSelector(CALL_SCREEN, { state: 'detached', timeout: 15_000 });
    }
  } catch (e) {
    problems.push(String(e instanceof Error ? e.message : e));
  } finally {
    await browser.close();
  }
  const p50 = percentile(calleeMs, 50);
  if (p50 > AIM_MS) problems.push(`setup p50 ${formatValue(p50)} ms is over the ${AIM_MS} ms aim`);
  return {
    id,
    scenario,
    value: p50,
    unit: 'ms',
    notes: [
      `callee (accept -> first frame of the caller's video): p50 ${formatValue(p50)} / p99 ${formatValue(percentile(calleeMs, 99))} / max ${formatValue(Math.max(...calleeMs))} ms over ${calleeMs.length} calls`,
      `caller (callee's accept -> first frame of the callee's video): p50 ${formatValue(percentile(callerMs, 50))} / p99 ${formatValue(percentile(callerMs, 99))} ms`,
      `aim: p50 < ${AIM_MS} ms on loopback`,
    ],
    delivery: new DeliveryLedger().report(),
    problems,
  };
}
