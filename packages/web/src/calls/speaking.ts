// Who is speaking: an AnalyserNode on each audio stream (local and remote) gives a level several
// times a second; a small state machine with hysteresis turns levels into "speaking" so a tile's
// ring does not flicker between words.
export interface SpeakingOptions {
  /** Level (RMS of the waveform, 0..1) above which someone counts as speaking. */
  onLevel: number;
  /** Level below which they may stop (lower than onLevel: hysteresis). */
  offLevel: number;
  /** How long the level must stay low before speaking ends. */
  holdMs: number;
}

export const DEFAULT_SPEAKING: SpeakingOptions = { onLevel: 0.02, offLevel: 0.01, holdMs: 600 };

/** Feed it levels with their times; it answers whether the person is speaking. */
export class SpeakingDetector {
  private speaking = false;
  private quietSince: number | null = null;
  constructor(private readonly options: SpeakingOptions = DEFAULT_SPEAKING) {}

  push(level: number, atMs: number): boolean {
    const o = this.options;
    if (level >= o.onLevel) {
      this.speaking = true;
      this.quietSince = null;
    } else if (this.speaking && level < o.offLevel) {
      this.quietSince ??= atMs;
      if (atMs - this.quietSince >= o.holdMs) {
        this.speaking = false;
        this.quietSince = null;
      }
    } else if (this.speaking) {
      this.quietSince = null;
    }
    return this.speaking;
  }
}

/** RMS of a time-domain buffer of bytes centred on 128 (AnalyserNode.getByteTimeDomainData). */
export function rmsLevel(samples: Uint8Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const v of samples) {
    const x = (v - 128) / 128;
    sum += x * x;
  }
  return Math.sqrt(sum / samples.length);
}

/**
 * Watches the audio of several streams through one AudioContext and calls `onChange` with the
 * keys of those speaking whenever that set changes. Returns a stop function.
 */
export function watchSpeaking(
  streams: ReadonlyMap<string, MediaStream>,
  onChange: (speaking: ReadonlySet<string>) => void,
  intervalMs = 150,
): () => void {
  const Ctx = globalThis.AudioContext as typeof AudioContext | undefined;
  if (!Ctx) return () => undefined;
  const ctx = new Ctx();
  const taps: {
    key: string;
    analyser: AnalyserNode;
    detector: SpeakingDetector;
    source: MediaStreamAudioSourceNode;
  }[] = [];
  for (const [key, stream] of streams) {
    if (stream.getAudioTracks().length === 0) continue;
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    taps.push({ key, analyser, detector: new SpeakingDetector(), source });
  }
  const buf = new Uint8Array(512);
  let last = '';
  const timer = setInterval(() => {
    const now = performance.now();
    const on = new Set<string>();
    for (const t of taps) {
      t.analyser.getByteTimeDomainData(buf);
      if (t.detector.push(rmsLevel(buf), now)) on.add(t.key);
    }
    const sig = [...on].sort().join(',');
    if (sig !== last) {
      last = sig;
      onChange(on);
    }
  }, intervalMs);
  return () => {
    clearInterval(timer);
    for (const t of taps) t.source.disconnect();
    void ctx.close().catch(() => undefined);
  };
}
