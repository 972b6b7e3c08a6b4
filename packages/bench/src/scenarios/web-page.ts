// Scenario w's browser side: Debian's Chromium (playwright-core, no download) loading the
// built web app from the bench's server. An init script marks, from inside the page, when the
// sign-in form and the chat list first become usable (performance.now(): ms since navigation
// start), and records long tasks; a scroll loop driven by requestAnimationFrame measures frame
// times while a long chat is scrolled to its top and back.
/// <reference lib="dom" />
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

/** What the app renders (packages/web/src: AuthForm's submit button; ConversationList's nav). */
const SIGN_IN_READY = 'form button[type="submit"]:not([disabled])';
const CHAT_LIST_READY = 'nav[aria-label="Conversations"] li';
const TIMELINE = '.timeline';
const LOAD_EARLIER = '.timeline button.load-earlier';

/** Runs in the page before its own scripts. */
const INIT_SCRIPT = `(() => {
  const bench = (window.__bench = { marks: {}, longTasks: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const check = () => {
    if (!bench.marks.signIn && document.querySelector(${JSON.stringify(SIGN_IN_READY)})) bench.marks.signIn = performance.now();
    if (!bench.marks.chatList && document.querySelector(${JSON.stringify(CHAT_LIST_READY)})) bench.marks.chatList = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
})();`;

export type Ready = 'signIn' | 'chatList';

export interface ColdLoad {
  /** ms from navigation start until the screen was usable. */
  interactiveMs: number;
  /** gzip size of the JavaScript the page had received by then, bytes. */
  jsGzipBytes: number;
  jsFiles: number;
}

export function launch(): Promise<Browser> {
  return launchChromium();
}

/** One load in a fresh context (empty HTTP cache, no service worker), signed in when given a session. */
export async function coldLoad(browser: Browser, url: string, ready: Ready, session?: unknown): Promise<ColdLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  try {
    if (session) {
      await context.addInitScript(
        `localStorage.setItem('anytime.session', ${JSON.stringify(JSON.stringify(session))});`,
      );
    }
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    const scripts: Promise<number>[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => gzipSync(b, { level: 9 }).length));
    });
    await page.goto(url);
    const interactiveMs = await waitForMark(page, ready);
    const sizes = await Promise.all(scripts.slice());
    return { interactiveMs, jsGzipBytes: sizes.reduce((a, b) => a + b, 0), jsFiles: sizes.length };
  } finally {
    await context.close();
  }
}

async function waitForMark(page: Page, ready: Ready, timeoutMs = 30_000): Promise<number> {
  const handle = await page.waitForFunction(
    (name) => (window as unknown as { __bench: { marks: Record<string, number> } }).__bench.marks[name],
    ready,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

export interface ScrollResult {
  frames: number;
  droppedFrames: number;
  longestFrameMs: number;
  longestTaskMs: number;
  longTasks: number;
  /** Whether the first message was reached (no earlier page left) within the time allowed. */
  reachedTop: boolean;
  /** Message rows in the DOM at the top (fewer than loaded when the list is virtualized). */
  rowsInDom: number;
  /** "Load earlier" clicks it took (0 when earlier pages load by themselves). */
  pagesLoaded: number;
  seconds: number;
}

/**
 * Opens the chat, then scrolls its timeline up a step per frame (loading earlier pages as the
 * app offers them) until the first message or `budgetMs`, then back down to the newest.
 */
export async function scrollChat(
  browser: Browser,
  url: string,
  conversationId: string,
  session: unknown,
  budgetMs: number,
): Promise<ScrollResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  try {
    await context.addInitScript(`localStorage.setItem('anytime.session', ${JSON.stringify(JSON.stringify(session))});`);
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    await page.goto(`${url}/#/c/${encodeURIComponent(conversationId)}`);
    await page.waitForSelector(`${TIMELINE} li`, { timeout: 30_000 });
    return await page.evaluate(
      async ({ timeline, loadEarlier, budgetMs }) => {
        // The list may be mounted again while this runs (a full bench run once found it gone
        // right after it had appeared): every step scrolls the one on the page now.
        const list = async (): Promise<HTMLElement> => {
          for (let i = 0; i < 300; i++) {
            const found = document.querySelector<HTMLElement>(timeline);
            if (found) return found;
            await new Promise<number>((r) => requestAnimationFrame(r));
          }
          throw new Error(`no ${timeline} on the page for 300 frames`);
        };
        const bench = (window as unknown as { __bench: { longTasks: [number, number][] } }).__bench;
        const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
        const STEP = 400;
        const deltas: number[] = [];
        const t0 = performance.now();
        let last = await frame();
        const tick = async () => {
          const now = await frame();
          deltas.push(now - last);
          last = now;
        };
        let pages = 0;
        let reachedTop = false;
        let idleAtTop = 0;
        while (performance.now() - t0 < budgetMs) {
          const el = await list();
          if (el.scrollTop > 0) {
            el.scrollTop = Math.max(0, el.scrollTop - STEP);
            idleAtTop = 0;
          } else {
            const button = document.querySelector<HTMLButtonElement>(loadEarlier);
            if (button) {
              const height = el.scrollHeight;
              button.click();
              pages += 1;
              idleAtTop = 0;
              // One page at a time: wait (measuring frames) until it is in.
              for (let i = 0; i < 120 && el.scrollHeight === height; i++) await tick();
            } else if ((idleAtTop += 1) > 30) {
              // Half a second at the top with nothing more to load: this is the first message.
              reachedTop = true;
              break;
            }
          }
          await tick();
        }
        const rowsInDom = (await list()).querySelectorAll('li').length;
        const downStart = performance.now();
        for (let el = await list(); el.scrollTop + el.clientHeight < el.scrollHeight - 1; el = await list()) {
          if (performance.now() - downStart >= budgetMs) break;
          el.scrollTop += STEP;
          await tick();
        }
        const tasks = bench.longTasks.filter(([start]) => start >= t0);
        return {
          frames: deltas.length,
          droppedFrames: deltas.reduce((n, d) => n + Math.max(0, Math.round(d / (1000 / 60)) - 1), 0),
          longestFrameMs: Math.max(0, ...deltas),
          longestTaskMs: Math.max(0, ...tasks.map(([, d]) => d)),
          longTasks: tasks.length,
          reachedTop,
          rowsInDom,
          pagesLoaded: pages,
          seconds: (performance.now() - t0) / 1000,
        };
      },
      { timeline: TIMELINE, loadEarlier: LOAD_EARLIER, budgetMs },
    );
  } finally {
    await context.close();
  }
}
