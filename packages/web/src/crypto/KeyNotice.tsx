// A line in the sidebar while this device's keys are not backed up (or are locked after "Not
// now" on the restore screen, or failed to set up): one button opens the backup screen.
import { strings } from '../strings.js';
import { useKeyStatus } from './KeyGate.js';

export function KeyNotice({ onOpenBackup }: { onOpenBackup: () => void }) {
  const { state, refresh } = useKeyStatus();
  const t = strings.keys;
  if (state.status === 'error') {
    return (
      <p className="notice key-notice" role="alert">
        {t.setupFailed} {state.message}{' '}
        <button type="button" className="link" onClick={refresh}>
          {strings.retry}
        </button>
      </p>
    );
  }
  if (state.status === 'needsRestore') {
    return (
      <p className="notice key-notice" role="status">
        {strings.secret.needsKeys}
      </p>
    );
  }
  if (state.status !== 'ready' || state.hasBackup) return null;
  return (
    <p className="notice key-notice" role="status">
      {t.backupNotice}{' '}
      <button type="button" className="link" onClick={onOpenBackup}>
        {t.openBackup}
      </button>
    </p>
  );
}
