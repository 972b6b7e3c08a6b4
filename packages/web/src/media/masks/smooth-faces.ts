// Steadies masks between detections: a face found near where a face was last time moves only
// part of the way to its new landmarks (small detector jitter fades out), while a face that
// moved far, or a new one, is taken as found.
import type { FacePoint, TrackedFace } from './face-types.js';

/** Share of the way to the new position taken at each detection. */
const FOLLOW = 0.6;
/** Farther than this many eye distances counts as a different face (or a jump): no smoothing. */
const SAME_FACE = 0.5;

const eyesMid = (f: TrackedFace): FacePoint => ({
  x: (f.leftEye.x + f.rightEye.x) / 2,
  y: (f.leftEye.y + f.rightEye.y) / 2,
});
const eyeDistance = (f: TrackedFace) => Math.hypot(f.rightEye.x - f.leftEye.x, f.rightEye.y - f.leftEye.y);

function blend(prev: FacePoint, next: FacePoint): FacePoint {
  return { x: prev.x + (next.x - prev.x) * FOLLOW, y: prev.y + (next.y - prev.y) * FOLLOW };
}

export function smoothFaces(previous: readonly TrackedFace[], found: readonly TrackedFace[]): TrackedFace[] {
  return found.map((face) => {
    const mid = eyesMid(face);
    const limit = eyeDistance(face) * SAME_FACE;
    const prev = previous.find((p) => {
      const m = eyesMid(p);
      return Math.hypot(m.x - mid.x, m.y - mid.y) < limit && p.jaw.length === face.jaw.length;
    });
    if (!prev) return face;
    return {
      box: face.box,
      score: face.score,
      leftEye: blend(prev.leftEye, face.leftEye),
      rightEye: blend(prev.rightEye, face.rightEye),
      noseTip: blend(prev.noseTip, face.noseTip),
      mouth: blend(prev.mouth, face.mouth),
      chin: blend(prev.chin, face.chin),
      forehead: blend(prev.forehead, face.forehead),
      jaw: face.jaw.map((p, i) => blend(prev.jaw[i] ?? p, p)),
    };
  });
}
