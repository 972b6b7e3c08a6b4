// The set of tile keys whose audio is speaking now (speaking.ts on each stream), for the rings.
import { useEffect, useState } from 'react';
import { watchSpeaking } from './speaking.js';

export function useSpeaking(streams: ReadonlyMap<string, MediaStream>): ReadonlySet<string> {
  const [speaking, setSpeaking] = useState<ReadonlySet<string>>(new Set());
  // Re-watch when the set of streams changes (someone joined or left, a microphone switch).
  const key = [...streams]
    .map(
      ([k, s]) =>
        `${k}=${s.id}:${s
          .getAudioTracks()
          .map((t) => t.id)
          .join('+')}`,
    )
    .join(',');
  useEffect(() => {
    return watchSpeaking(streams, setSpeaking);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return speaking;
}
