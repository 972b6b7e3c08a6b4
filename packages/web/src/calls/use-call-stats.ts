// The call's quality, from session.stats() (getStats: RTT, jitter, loss, bitrates, candidate
// type of the selected pair) every 2 seconds while the call screen is open.
import { useEffect, useState } from 'react';
import type { CallSession, CallStats } from '@anytime/sdk';

export const STATS_INTERVAL_MS = 2000;

export function useCallStats(session: CallSession): CallStats | null {
  const [stats, setStats] = useState<CallStats | null>(null);
  useEffect(() => {
    let live = true;
    const read = () =>
      void session
        .stats()
        .then((s) => live && setStats(s))
        .catch(() => undefined);
    read();
    const timer = setInterval(read, STATS_INTERVAL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [session]);
  return stats;
}
