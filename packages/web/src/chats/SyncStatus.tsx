// A slim bar and "Updating… N messages" under the account bar while the client catches up on
// what it missed (new device or back from offline); nothing once caught up.
import { useCallback, useSyncExternalStore } from 'react';
import type { SyncProgress } from '@anytime/sdk';
import { useClient } from '../client/client-context.js';
import { strings } from '../strings.js';
import './sync-status.css';

export function useSyncProgress(): SyncProgress {
  const client = useClient();
  const subscribe = useCallback((fn: () => void) => client.on('syncProgress', fn), [client]);
  return useSyncExternalStore(subscribe, () => client.syncProgress);
}

export function SyncStatusView({ progress }: { progress: SyncProgress }) {
  if (!progress.catchingUp || progress.events === 0) return null;
  const text =
    progress.messages > 0 ? strings.syncProgress.updatingMessages(progress.messages) : strings.syncProgress.updating;
  return (
    <div className="sync-status" role="status">
      <progress className="sync-bar" aria-label={strings.syncProgress.bar} />
      <span className="sync-text">{text}</span>
    </div>
  );
}

export function SyncStatus() {
  return <SyncStatusView progress={useSyncProgress()} />;
}
