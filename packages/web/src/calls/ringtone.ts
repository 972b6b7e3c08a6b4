// The ringtone and the ringback tone, made with WebAudio (no audio file to download): two mixed
// sine tones in the classic ring cadence. Browsers only let a page play sound after the person
// interacted with it; when they did not, the ringtone stays silent and the screen still rings.
export type Tone = 'ring' | 'ringback';

const PATTERN: Record<Tone, { freqs: [number, number]; onMs: number[]; periodMs: number; gain: number }> = {
  // Incoming: two short bursts, then a pause (UK-style cadence).
  ring: { freqs: [400, 450], onMs: [0, 400, 600, 1000], periodMs: 3000, gain: 0.15 },
  // Outgoing (what the caller hears while it rings): one long tone every 4 s (ITU 425 Hz-ish).
  ringback: { freqs: [440, 480], onMs: [0, 1500], periodMs: 4000, gain: 0.08 },
};

export interface Ringtone {
  stop(): void;
}

export function playTone(tone: Tone): Ringtone {
  const Ctx = globalThis.AudioContext as typeof AudioContext | undefined;
  if (!Ctx) return { stop: () => undefined };
  const ctx = new Ctx();
  const p = PATTERN[tone];
  const out = ctx.createGain();
  out.gain.value = 0;
  out.connect(ctx.destination);
  const oscillators = p.freqs.map((f) => {
    const o = ctx.createOscillator();
    o.frequency.value = f;
    o.connect(out);
    o.start();
    return o;
  });
  let scheduledUntil = ctx.currentTime;
  const schedule = () => {
    // Keep ~2 periods scheduled ahead on the audio clock (timers in hidden tabs are throttled).
    while (scheduledUntil < ctx.currentTime + (2 * p.periodMs) / 1000) {
      for (let i = 0; i + 1 < p.onMs.length; i += 2) {
        const on = scheduledUntil + p.onMs[i]! / 1000;
        const off = scheduledUntil + p.onMs[i + 1]! / 1000;
        out.gain.setValueAtTime(p.gain, on);
        out.gain.setValueAtTime(0, off);
      }
      scheduledUntil += p.periodMs / 1000;
    }
  };
  schedule();
  const timer = setInterval(schedule, p.periodMs);
  return {
    stop() {
      clearInterval(timer);
      for (const o of oscillators) o.stop();
      void ctx.close().catch(() => undefined);
    },
  };
}
