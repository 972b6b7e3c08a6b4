// Command-line flags of the SFU capacity bench (`npm run bench:sfu -w @anytime/bench -- ...`).
import { parseArgs } from 'node:util';
import type { ReceiveMode } from './srtp-tap.js';

export const SFU_KINDS = ['werift', 'janus'] as const;
export type SfuKind = (typeof SFU_KINDS)[number];
export const isSfuKind = (s: string): s is SfuKind => (SFU_KINDS as readonly string[]).includes(s);

/**
 * "worst": every participant sends audio and video all the time. "realistic": video from all, but
 * only `speakers` participants talk; the others send Opus DTX silence (a packet every 400 ms), as a
 * real group call does.
 */
export type AudioProfile = 'worst' | 'realistic';

export interface SfuBenchOptions {
  sfus: SfuKind[];
  sizes: number[];
  profiles: AudioProfile[];
  speakers: number;
  videoKbps: number;
  fps: number;
  /** Participant processes. */
  hosts: number;
  receive: ReceiveMode;
  windowMs: number;
  /** When set, the SFU host runs under node --cpu-prof and writes its profiles here. */
  cpuProfDir: string | undefined;
  /** When set, net.core.rmem_default (and rmem_max if lower) for the run, in bytes; restored after. */
  rmem: number | undefined;
}

export const SFU_USAGE = `usage: npm run bench:sfu -w @anytime/bench -- [options] [sizes]
  --sfu werift,janus        SFUs to compare, in order (default werift)
  --sizes 4,10,25,32        call sizes N (a bare first argument works too); a size whose participants do not
                            all connect ends that SFU and profile's series
  --profiles worst,realistic  worst: all send audio+video; realistic: only --speakers talk, the rest DTX silence
  --speakers 3              active speakers in the realistic profile (default 3)
  --video-kbps 400          VP8 bitrate (default 400)
  --fps 30                  video frame rate (default 30)
  --hosts 2                 participant processes (default 2)
  --receive count|decrypt   count: receivers count SRTP headers only (default); decrypt: full werift receive path
  --window 10               measuring window, seconds (default 10)
  --cpu-prof DIR            run the SFU host under node --cpu-prof, profiles into DIR
  --rmem BYTES              set net.core.rmem_default (and rmem_max if lower) to BYTES for the run, as root;
                            the old values are put back after (default: leave the machine's settings alone)`;

const list = (s: string) => s.split(',').filter(Boolean);

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${value}`);
  return n;
}

export function parseSfuOptions(argv: string[]): SfuBenchOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sfu: { type: 'string', default: 'werift' },
      sizes: { type: 'string' },
      profiles: { type: 'string', default: 'worst,realistic' },
      speakers: { type: 'string', default: '3' },
      'video-kbps': { type: 'string', default: '400' },
      fps: { type: 'string', default: '30' },
      hosts: { type: 'string', default: '2' },
      receive: { type: 'string', default: 'count' },
      window: { type: 'string', default: '10' },
      'cpu-prof': { type: 'string' },
      rmem: { type: 'string' },
    },
  });
  const sfus = list(values.sfu);
  for (const s of sfus) if (!isSfuKind(s)) throw new Error(`--sfu takes werift and/or janus, not ${s}`);
  const profiles = list(values.profiles);
  for (const p of profiles) {
    if (p !== 'worst' && p !== 'realistic') throw new Error(`--profiles takes worst and/or realistic, not ${p}`);
  }
  if (values.receive !== 'count' && values.receive !== 'decrypt') {
    throw new Error(`--receive must be count or decrypt, not ${values.receive}`);
  }
  const sizes = list(values.sizes ?? positionals[0] ?? '4,10,25,32').map((s) => positive('sizes', s));
  if (sizes.some((n) => n < 2)) throw new Error('--sizes: a call needs at least 2 participants');
  return {
    sfus: sfus as SfuKind[],
    sizes,
    profiles: profiles as AudioProfile[],
    speakers: positive('speakers', values.speakers),
    videoKbps: positive('video-kbps', values['video-kbps']),
    fps: positive('fps', values.fps),
    hosts: positive('hosts', values.hosts),
    receive: values.receive,
    windowMs: positive('window', values.window) * 1000,
    cpuProfDir: values['cpu-prof'],
    rmem: values.rmem === undefined ? undefined : positive('rmem', values.rmem),
  };
}
