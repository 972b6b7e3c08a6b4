// Outcomes of this device's sends: acked messages (shown as sent at once, before their event
// arrives) and failed ones (kept with their error until dismissed).
import { useCallback, useEffect, useState } from 'react';
import type { Message } from '@anytime/protocol';
import { useClient } from '../client/client-context.js';
import type { FailedSend } from './timeline.js';

export interface SendResults {
  acked: readonly Message[];
  failed: readonly FailedSend[];
  dismiss: (clientId: string) => void;
}

export function useSendResults(): SendResults {
  const client = useClient();
  const [acked, setAcked] = useState<readonly Message[]>([]);
  const [failed, setFailed] = useState<readonly FailedSend[]>([]);

  useEffect(() => {
    const offSent = client.on('sent', ({ message }) => setAcked((old) => [...old, message]));
    const offFailed = client.on('failed', (f) => setFailed((old) => [...old, f]));
    return () => {
      offSent();
      offFailed();
    };
  }, [client]);

  const dismiss = useCallback(
    (clientId: string) => setFailed((old) => old.filter((f) => f.pending.clientId !== clientId)),
    [],
  );
  return { acked, failed, dismiss };
}
