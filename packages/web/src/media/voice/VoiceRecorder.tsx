// The composer's microphone: press and hold to record, release to send (a short click instead
// keeps recording, with Send and Cancel buttons); a timer shows while recording, Escape cancels.
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { strings } from '../../strings.js';
import { NoRecorder, VoiceRecording } from './recorder.js';

/** Held this long, releasing the button sends; a shorter press is a click (hands-free mode). */
const HOLD_MS = 400;
/** Recordings shorter than this are dropped (a slip of the finger). */
const MIN_MS = 500;

export interface VoiceRecorderProps {
  onRecorded: (blob: Blob) => void;
  onError: (message: string) => void;
  /** Recording started or stopped (the composer hides its text box meanwhile). */
  onActive: (active: boolean) => void;
  disabled?: boolean;
}

export function VoiceRecorder({ onRecorded, onError, onActive, disabled }: VoiceRecorderProps) {
  const t = strings.media;
  const rec = useRef<VoiceRecording | null>(null);
  const starting = useRef<Promise<VoiceRecording | null> | null>(null);
  const pressedAt = useRef(0);
  const [active, setActive] = useState(false);
  const [elapsed, setElapsed] = useState(0);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setElapsed(rec.current?.elapsedMs ?? 0), 200);
    return () => clearInterval(timer);
  }, [active]);
  useEffect(() => () => rec.current?.cancel(), []);

  function begin() {
    if (rec.current || starting.current) return;
    starting.current = VoiceRecording.start().then(
      (r) => {
        rec.current = r;
        starting.current = null;
        setElapsed(0);
        setActive(true);
        onActive(true);
        return r;
      },
      (e: unknown) => {
        starting.current = null;
        onError(e instanceof NoRecorder ? t.noRecorder : t.micDenied);
        return null;
      },
    );
  }

  async function finish(send: boolean) {
    const r = rec.current ?? (await starting.current);
    rec.current = null;
    setActive(false);
    onActive(false);
    if (!r) return;
    if (!send) return r.cancel();
    const { blob, durationMs } = await r.stop();
    if (durationMs >= MIN_MS && blob.size > 0) onRecorded(blob);
  }

  function onPointerDown(e: PointerEvent<HTMLButtonElement>) {
    if (e.button !== 0 || active) return;
    pressedAt.current = performance.now();
    // The button is replaced by the recorder while held: the release is caught on the window.
    window.addEventListener('pointerup', onPointerUp, { once: true });
    begin();
  }
  function onPointerUp() {
    if (!pressedAt.current) return;
    const held = performance.now() - pressedAt.current;
    pressedAt.current = 0;
    if (held >= HOLD_MS) void finish(true);
  }

  if (active)
    return (
      <div
        className="recorder"
        role="group"
        aria-label={t.recording}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            void finish(false);
          }
        }}
      >
        <button type="button" className="icon" aria-label={t.cancelRecording} onClick={() => void finish(false)}>
          <span aria-hidden="true">🗑</span>
        </button>
        <span className="dot" aria-hidden="true" />
        <span role="timer" aria-label={t.recording}>
          {t.duration(elapsed)}
        </span>
        <span style={{ flex: 1 }} />
        <button type="button" className="primary" aria-label={t.stopAndSend} onClick={() => void finish(true)}>
          <span aria-hidden="true">➤</span>
        </button>
      </div>
    );

  return (
    <button
      type="button"
      className="icon mic-button"
      aria-label={t.record}
      disabled={disabled}
      onPointerDown={onPointerDown}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          begin();
        }
      }}
    >
      <span aria-hidden="true">🎤</span>
    </button>
  );
}
