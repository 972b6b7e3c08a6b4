// The progress of the passphrase KDF (it takes a few seconds on purpose): a labelled progress
// bar and its percentage for screen readers.
import { strings } from '../strings.js';

export function ProgressLine({ label, fraction }: { label: string; fraction: number }) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="kdf-progress" role="status">
      <span>{label}</span>
      <progress max={100} value={percent} aria-label={label} />
      <span className="hint">{strings.keys.progress(percent)}</span>
    </div>
  );
}
