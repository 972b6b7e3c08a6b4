// The SFU under test, chosen by name: the in-process werift SFU, or Janus (a private /usr/bin/janus
// started for the run, driven through the server's Janus adapter). Both are used through SfuPort,
// exactly as the calls module uses them.
import { startJanus } from '@anytime/server';
import { WeriftSfu } from '@anytime/server/sfu';
import { JanusSfu } from '@anytime/server/sfu-janus';

/** The server's SfuPort (what the calls module calls) and the signal sender an SFU is built with. */
export type SfuPort = Pick<WeriftSfu, 'join' | 'signal' | 'leave' | 'end' | 'close'>;
export type SfuSend = ConstructorParameters<typeof WeriftSfu>[0]['send'];

import type { SfuKind } from './sfu-options.js';

export interface BenchSfu {
  port: SfuPort;
  /** Processes besides the host whose CPU is the SFU's (Janus). */
  extraPids: number[];
  /** The SFU's own forwarding counters, where it has them (werift). */
  counters(): { packetsIn: number; packetsOut: number } | null;
  /** Publishers' PeerConnections the SFU hung up so far (Janus's "hangup" events); null for werift. */
  hangups(): number | null;
  close(): Promise<void>;
}

/** Janus's event loops (janus.jcfg event_loops): one per core of this 2-core machine. */
const JANUS_EVENT_LOOPS = Number(process.env['ANYTIME_TEST_JANUS_EVENT_LOOPS'] ?? 2);

export async function createBenchSfu(kind: SfuKind, send: SfuSend): Promise<BenchSfu> {
  if (kind === 'janus') {
    const janus = await startJanus({ eventLoops: JANUS_EVENT_LOOPS, debugLevel: 2 });
    let hangups = 0;
    const sfu = new JanusSfu({
      url: janus.url,
      send,
      maxParticipants: 500,
      onMediaEvent: (_call, _device, pc, e) => {
        if (pc === 'up' && e.janus === 'hangup') hangups++;
      },
    });
    return {
      port: sfu,
      extraPids: [janus.pid],
      counters: () => null,
      hangups: () => hangups,
      close: async () => {
        await sfu.close();
        await janus.stop();
      },
    };
  }
  const sfu = new WeriftSfu({ send, maxParticipants: 500 });
  return {
    port: sfu,
    extraPids: [],
    counters: () => sfu.snapshot().counters,
    hangups: () => null,
    close: () => sfu.close(),
  };
}
