// Re-renders on a session's events (remote media arrived or left, connection state changed) and
// gives the remote media and the connection state.
import { useEffect, useState } from 'react';
import type { CallSession, RemoteParticipantMedia } from '@anytime/sdk';

export function useSessionUpdates(session: CallSession | null): {
  remotes: RemoteParticipantMedia[];
  connection: RTCPeerConnectionState;
} {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (!session) return;
    const bump = () => setVersion((v) => v + 1);
    const offs = [session.on('remotes', bump), session.on('connection', bump)];
    return () => offs.forEach((off) => off());
  }, [session]);
  return { remotes: session?.remotes() ?? [], connection: session?.connectionState() ?? 'new' };
}
