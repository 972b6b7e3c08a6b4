// The progress of the passphrase KDF (seconds of work, on purpose): a labelled progress bar,
// indeterminate until the port reports a fraction, with its percentage for screen readers.
import { strings } from '../strings.js';

export function ProgressLine({ label, fraction }: { label: string; fraction: number }) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="kdf-progress" role="status">
      <span>{label}</span>
      {percent > 0 ? (
        <>
          <progress max={100} value={percent} aria-label={label} />
          <span className="hint">{strings.keys.progress(percent)}</span>
        </>
      ) : (
        <progress aria-label={label} />
      )}
    </div>
  );
}
