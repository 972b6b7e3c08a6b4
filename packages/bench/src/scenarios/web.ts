// Scenario w: the web app in Chromium against the bench's server (which serves the built app).
//   w1 initial JavaScript: gzip size of the JS a signed-in cold load has received once its chat
//      list is usable (budget 250 KB);
//   w2 time to interactive, signed out: navigation start -> sign-in form usable (median of cold loads);
//   w3 time to interactive, signed in: navigation start -> chat list rendered (median);
//   w4 scrolling a chat of 10,000 messages to its first message and back: frames dropped
//      (requestAnimationFrame deltas), with the longest task (PerformanceObserver 'longtask').
// Each cold load uses a fresh browser context without a service worker (a first visit).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient, type AnytimeClient } from '@anytime/sdk';
import { DeliveryLedger } from '../delivery-ledger.js';
import { formatValue } from '../format.js';
import type { Timing } from '../timing.js';
import type { ScenarioResult } from './result.js';
import { coldLoad, launch, scrollChat, type ColdLoad } from './web-page.js';
import type { BenchWorld } from './world.js';

const WEB_INDEX = fileURLToPath(new URL('../../../web/dist/index.html', import.meta.url));
const LOADS = 5;
const HISTORY = 10_000;
const SEND_CONCURRENCY = 16;

interface WebSetup {
  client: AnytimeClient;
  /** The stored session the web app reads (localStorage 'anytime.session'). */
  session: unknown;
  bigChatId: string;
}

const setups = new WeakMap<BenchWorld, Promise<WebSetup>>();

/** A user with a few chats, one of them with HISTORY messages (made once per world). */
function webSetup(world: BenchWorld): Promise<WebSetup> {
  let setup = setups.get(world);
  if (!setup) {
    setup = makeSetup(world);
    setups.set(world, setup);
  }
  return setup;
}

async function makeSetup(world: BenchWorld): Promise<WebSetup> {
  {
    const base = world.server.baseUrl;
    const client = createClient({ baseUrl: base });
    const me = await client.register({ username: `bw${Date.now().toString(36)}`, password: 'bench-password-web' });
    let bigChatId = '';
    for (const other of world.receivers.slice(0, 10)) {
      const { conversation } = await client.api('createConversation', {
        body: { kind: 'direct', memberIds: [other.id] },
      });
      bigChatId ||= conversation.id;
      await client.api('sendMessage', {
        params: { id: conversation.id },
        body: { clientId: crypto.randomUUID(), text: `Hello ${other.username}` },
      });
    }
    let next = 1;
    const worker = async () => {
      for (let i = next++; i < HISTORY; i = next++) {
        await client.api('sendMessage', {
          params: { id: bigChatId },
          body: { clientId: crypto.randomUUID(), text: `Message ${i} of the long chat, with a few words in it.` },
        });
      }
    };
    await Promise.all(Array.from({ length: SEND_CONCURRENCY }, worker));
    return { client, session: { ...client.session!, userId: me.user.id }, bigChatId };
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const empty = () => new DeliveryLedger().report();

function unbuilt(id: string, scenario: string, unit: string): ScenarioResult | null {
  if (existsSync(WEB_INDEX)) return null;
  return {
    id,
    scenario,
    value: NaN,
    unit,
    notes: [],
    delivery: empty(),
    problems: [`${WEB_INDEX} is missing: run npm run build first`],
  };
}

async function coldLoads(world: BenchWorld, signedIn: boolean): Promise<ColdLoad[]> {
  const session = signedIn ? (await webSetup(world)).session : undefined;
  const browser = await launch();
  try {
    const out: ColdLoad[] = [];
    for (let i = 0; i < LOADS; i++) {
      out.push(await coldLoad(browser, world.server.baseUrl, signedIn ? 'chatList' : 'signIn', session));
    }
    return out;
  } finally {
    await browser.close();
  }
}

export async function runInitialJs(world: BenchWorld, id: string): Promise<ScenarioResult> {
  const scenario = 'web: initial JavaScript, gzip (signed-in cold load until the chat list is usable)';
  const missing = unbuilt(id, scenario, 'KB');
  if (missing) return missing;
  const loads = await coldLoads(world, true);
  const kb = Math.max(...loads.map((l) => l.jsGzipBytes)) / 1024;
  return {
    id,
    scenario,
    value: kb,
    unit: 'KB',
    notes: [`${loads[0]?.jsFiles ?? 0} script files; aim < 250 KB`],
    delivery: empty(),
    problems: kb >= 250 ? [`initial JS ${formatValue(kb)} KB is over the 250 KB budget`] : [],
  };
}

export async function runTimeToInteractive(world: BenchWorld, id: string, signedIn: boolean): Promise<ScenarioResult> {
  const scenario = signedIn
    ? `web: time to interactive, signed in (navigation -> chat list), median of ${LOADS} cold loads`
    : `web: time to interactive, signed out (navigation -> sign-in form), median of ${LOADS} cold loads`;
  const missing = unbuilt(id, scenario, 'ms');
  if (missing) return missing;
  const loads = await coldLoads(world, signedIn);
  const ms = median(loads.map((l) => l.interactiveMs));
  return {
    id,
    scenario,
    value: ms,
    unit: 'ms',
    notes: [`loads: ${loads.map((l) => formatValue(l.interactiveMs)).join(', ')} ms; aim < 1,500 ms`],
    delivery: empty(),
    problems: ms >= 1_500 ? [`time to interactive ${formatValue(ms)} ms is over the 1.5 s aim`] : [],
  };
}

export async function runScroll(world: BenchWorld, id: string, timing: Timing): Promise<ScenarioResult> {
  const scenario = `web: scroll a chat of ${HISTORY.toLocaleString('en')} messages to the top and back, frames dropped`;
  const missing = unbuilt(id, scenario, 'frames');
  if (missing) return missing;
  const { session, bigChatId } = await webSetup(world);
  const browser = await launch();
  try {
    const budgetMs = Math.max(20_000, timing.durationMs * 3);
    const r = await scrollChat(browser, world.server.baseUrl, bigChatId, session, budgetMs);
    const problems: string[] = [];
    if (!r.reachedTop) problems.push(`the first message was not reached within ${formatValue(budgetMs / 1000)} s`);
    if (r.longestTaskMs > 100)
      problems.push(`a task of ${formatValue(r.longestTaskMs)} ms while scrolling (aim: none > 100 ms)`);
    return {
      id,
      scenario,
      value: r.droppedFrames,
      unit: 'frames',
      notes: [
        `${r.frames} frames in ${formatValue(r.seconds)} s, longest ${formatValue(r.longestFrameMs)} ms`,
        `longest task ${formatValue(r.longestTaskMs)} ms (${r.longTasks} over 50 ms)`,
        `${r.reachedTop ? 'reached the first message' : 'did not reach the first message'}; ${r.pagesLoaded} "load earlier" clicks; ${r.rowsInDom} rows in the DOM at the top`,
      ],
      delivery: empty(),
      problems,
    };
  } finally {
    await browser.close();
  }
}
