// React views of the SDK client's live values: event-built state, pending sends, connection.
import { useCallback, useSyncExternalStore } from 'react';
import type { ClientState, ConnectionState, PendingMessage } from '@anytime/sdk';
import { useClient } from './client-context.js';

export function useClientState(): ClientState {
  const client = useClient();
  const subscribe = useCallback((fn: () => void) => client.on('change', fn), [client]);
  return useSyncExternalStore(subscribe, () => client.state);
}

export function usePending(): readonly PendingMessage[] {
  const client = useClient();
  const subscribe = useCallback((fn: () => void) => client.on('changed', fn), [client]);
  return useSyncExternalStore(subscribe, () => client.pending);
}

export function useConnectionState(): ConnectionState {
  const client = useClient();
  const subscribe = useCallback((fn: () => void) => client.on('state', fn), [client]);
  return useSyncExternalStore(subscribe, () => client.connectionState);
}
