// The scenarios a run goes through, in order, with their sizes.
import type { Timing } from '../timing.js';
import { runBigGroup } from './big-group.js';
import { runCallSetup } from './call-setup.js';
import { runColdStart } from './cold-start.js';
import { runFanOut } from './fan-out.js';
import { runHalfLoad } from './half-load.js';
import { runLatency } from './latency.js';
import { runLoginStorm } from './login-storm.js';
import { runMasks } from './masks.js';
import { runNewDeviceSync } from './new-device-sync.js';
import { runSearch } from './search.js';
import type { ScenarioResult } from './result.js';
import { runThroughput } from './throughput.js';
import { runTwoNodes } from './two-nodes.js';
import { runInitialJs, runScroll, runTimeToInteractive } from './web.js';
import type { BenchWorld } from './world.js';

/** Direct-chat pairs set up per run; the fan-out group holds all of their users. */
export const PAIRS = 50;

export interface ScenarioEntry {
  id: string;
  /** Runs only where the world can start a second node (PostgreSQL + NATS). */
  cluster?: true;
  run(world: BenchWorld, timing: Timing): Promise<ScenarioResult>;
}

export const SCENARIOS: readonly ScenarioEntry[] = [
  { id: 'a', run: (w, t) => runThroughput(w, { id: 'a', senders: 1, window: 1 }, t) },
  { id: 'b1', run: (w, t) => runThroughput(w, { id: 'b1', senders: PAIRS, window: 1 }, t) },
  { id: 'b16', run: (w, t) => runThroughput(w, { id: 'b16', senders: PAIRS, window: 16 }, t) },
  { id: 'c', run: (w, t) => runLatency(w, { id: 'c', senders: 10, ratePerSecond: w.latencyRate }, t) },
  { id: 'l', run: (w, t) => runHalfLoad(w, { id: 'l', senders: PAIRS }, t) },
  { id: 'd', run: (w, t) => runFanOut(w, { id: 'd', senders: 5, window: 4 }, t) },
  { id: 'e', run: (w, t) => runBigGroup(w, { id: 'e', senders: 5, window: 4 }, t) },
  { id: 'f', run: (w, t) => runSearch(w, 'f', t) },
  { id: 'g', run: (w, t) => runLoginStorm(w, { id: 'g', concurrency: 32 }, t) },
  { id: 'h', run: (w, t) => runNewDeviceSync(w, 'h', t) },
  { id: 'j', cluster: true, run: (w, t) => runTwoNodes(w, { id: 'j', senders: PAIRS, window: 16 }, t) },
  { id: 'w1', run: (w) => runInitialJs(w, 'w1') },
  { id: 'w2', run: (w) => runTimeToInteractive(w, 'w2', false) },
  { id: 'w3', run: (w) => runTimeToInteractive(w, 'w3', true) },
  { id: 'w4', run: (w, t) => runScroll(w, 'w4', t) },
  { id: 'm', run: (_w, t) => runMasks('m', t) },
  { id: 'k', run: (w, t) => runCallSetup(w, 'k', t) },
  // Last: it restarts the server.
  { id: 'i', run: (w) => runColdStart(w, 'i') },
];

/** The scenarios named by --only (all when it is empty). */
export function selectScenarios(only: readonly string[]): ScenarioEntry[] {
  if (!only.length) return [...SCENARIOS];
  // An exact id picks one scenario; a bare letter picks its family ("b": b1 and b16).
  const picked = SCENARIOS.filter((s) => only.some((o) => s.id === o || (/^[a-z]$/.test(o) && s.id.startsWith(o))));
  if (!picked.length) throw new Error(`--only ${only.join(',')} matches no scenario (${SCENARIOS.map((s) => s.id)})`);
  return picked;
}
