// createFaceTracker(): the entry point of face tracking, cheap to import. The model code is
// loaded with a dynamic import on the first call (its own chunk), and the tracker is shared
// by every caller of the page (camera preview, photos, calls).
import type { FaceTracker } from './face-types.js';

let shared: Promise<FaceTracker> | undefined;

export function createFaceTracker(): Promise<FaceTracker> {
  shared ??= import('./face-tracker-impl.js').then((m) => m.createFaceTrackerNow());
  // A failed load (offline before the files were ever cached, say) may be retried later.
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}
