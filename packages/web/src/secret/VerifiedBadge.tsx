// A "Verified" mark next to a person whose safety number the user checked and marked.
import { strings } from '../strings.js';

export function VerifiedBadge({ name }: { name: string }) {
  return (
    <span className="verified-badge" role="img" aria-label={strings.secret.verifiedLabel(name)}>
      <span aria-hidden="true">✓ {strings.secret.verified}</span>
    </span>
  );
}
