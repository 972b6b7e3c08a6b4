// A voice note: play/pause, the server's waveform peaks with the played part coloured (click or
// arrow keys to seek), the time, and the playback speed cycling 1× → 1.5× → 2×.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { MessageMedia } from '@anytime/protocol';
import { strings } from '../strings.js';

export const SPEEDS = [1, 1.5, 2] as const;
const BARS = 48;

/** The peaks resampled to `count` bars of 0..1 (the loudest of each span). */
export function waveformBars(peaks: readonly number[] | null, count = BARS): number[] {
  if (!peaks || peaks.length === 0) return Array.from({ length: count }, () => 0.15);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * peaks.length) / count);
    const to = Math.max(from + 1, Math.floor(((i + 1) * peaks.length) / count));
    let max = 0;
    for (let j = from; j < to && j < peaks.length; j++) max = Math.max(max, peaks[j]!);
    out.push(Math.max(0.08, max / 255));
  }
  return out;
}

export function nextSpeed(rate: number): number {
  const i = SPEEDS.indexOf(rate as (typeof SPEEDS)[number]);
  return SPEEDS[(i + 1) % SPEEDS.length]!;
}

export function VoicePlayer({ media, src }: { media: MessageMedia; src: string | undefined }) {
  const t = strings.media;
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [at, setAt] = useState(0);
  const [rate, setRate] = useState(1);
  const durationMs = media.durationMs ?? 0;
  const bars = waveformBars(media.waveform);
  const fraction = durationMs > 0 ? Math.min(1, at / durationMs) : 0;

  useEffect(() => {
    if (audio.current) audio.current.playbackRate = rate;
  }, [rate, src]);

  function toggle() {
    const el = audio.current;
    if (!el) return;
    if (el.paused) {
      el.playbackRate = rate;
      void el.play().catch(() => setPlaying(false));
    } else el.pause();
  }
  function seek(f: number) {
    const el = audio.current;
    if (!el || durationMs <= 0) return;
    el.currentTime = (Math.max(0, Math.min(1, f)) * durationMs) / 1000;
    setAt(el.currentTime * 1000);
  }
  function onPointer(e: PointerEvent<HTMLDivElement>) {
    const r = e.currentTarget.getBoundingClientRect();
    if (r.width > 0) seek((e.clientX - r.left) / r.width);
  }
  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    const step = e.key === 'ArrowRight' ? 0.05 : e.key === 'ArrowLeft' ? -0.05 : null;
    if (step === null) return;
    e.preventDefault();
    seek(fraction + step);
  }

  return (
    <div className="voice-player">
      <button
        type="button"
        className="icon voice-play"
        aria-label={playing ? t.pause : t.play}
        onClick={toggle}
        disabled={!src}
      >
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
      </button>
      <div
        className="waveform"
        role="slider"
        tabIndex={0}
        aria-label={t.waveform}
        aria-valuemin={0}
        aria-valuemax={Math.round(durationMs / 1000)}
        aria-valuenow={Math.round(at / 1000)}
        aria-valuetext={`${t.duration(at)} / ${t.duration(durationMs)}`}
        onPointerDown={onPointer}
        onKeyDown={onKey}
      >
        {bars.map((h, i) => (
          <span
            key={i}
            className={(i + 0.5) / bars.length <= fraction ? 'bar played' : 'bar'}
            style={{ height: `${Math.round(h * 100)}%` }}
          />
        ))}
      </div>
      <span className="voice-time">{t.duration(playing || at > 0 ? at : durationMs)}</span>
      <button type="button" className="voice-speed" aria-label={t.speed(rate)} onClick={() => setRate(nextSpeed(rate))}>
        {rate}×
      </button>
      {src && (
        <audio
          ref={audio}
          src={src}
          preload="metadata"
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onEnded={() => {
            setPlaying(false);
            setAt(0);
          }}
          onTimeUpdate={(e) => setAt(e.currentTarget.currentTime * 1000)}
        />
      )}
    </div>
  );
}
