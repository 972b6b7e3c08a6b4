// A <video> showing a MediaStream: the self view (muted, mirrored) or a remote person (with sound,
// on the chosen speaker via setSinkId where the browser has it).
import { useEffect, useRef } from 'react';

export interface MediaVideoProps {
  stream: MediaStream | null;
  self?: boolean;
  /** audiooutput device id for remote sound ("" = default). */
  sinkId?: string;
  label: string;
  className?: string;
}

export function MediaVideo({ stream, self = false, sinkId = '', label, className }: MediaVideoProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (!v) return;
    if (v.srcObject !== stream) v.srcObject = stream;
    if (stream) void v.play().catch(() => undefined);
  }, [stream]);
  useEffect(() => {
    const v = ref.current as (HTMLVideoElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (!v || self || !v.setSinkId) return;
    void v.setSinkId(sinkId).catch(() => undefined);
  }, [sinkId, self]);
  return (
    <video
      ref={ref}
      className={`${className ?? ''}${self ? ' mirrored' : ''}`}
      autoPlay
      playsInline
      muted={self}
      aria-label={label}
    />
  );
}
