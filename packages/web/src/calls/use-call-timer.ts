// Milliseconds since the call was answered, ticking every second (the call timer).
import { useEffect, useState } from 'react';

export function useCallTimer(since: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!since) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since ? Math.max(0, now - Date.parse(since)) : null;
}
