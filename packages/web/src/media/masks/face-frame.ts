// A face's own coordinate system, in which masks are drawn: origin between the eyes, x along
// the eye line (so the mask rolls with the head), one unit = the distance between the eyes
// (so it scales with the face). The forehead and chin are given in those units too.
import type { FacePoint, TrackedFace } from './face-types.js';

export interface FaceFrame {
  origin: FacePoint;
  /** Pixels per unit (the eye distance). */
  unit: number;
  /** Roll of the eye line, radians (0 = level). */
  angle: number;
  /** Where the forehead, nose tip, mouth and chin lie on the face's vertical axis, in units. */
  foreheadY: number;
  noseY: number;
  mouthY: number;
  chinY: number;
  /** Half the jaw's width, in units. */
  halfWidth: number;
}

export function faceFrame(face: TrackedFace): FaceFrame {
  const origin = { x: (face.leftEye.x + face.rightEye.x) / 2, y: (face.leftEye.y + face.rightEye.y) / 2 };
  const dx = face.rightEye.x - face.leftEye.x;
  const dy = face.rightEye.y - face.leftEye.y;
  const unit = Math.max(1, Math.hypot(dx, dy));
  const angle = Math.atan2(dy, dx);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // A point in face units: rotate the offset from the origin back by the roll, then scale.
  const local = (p: FacePoint): FacePoint => {
    const ox = p.x - origin.x;
    const oy = p.y - origin.y;
    return { x: (ox * cos + oy * sin) / unit, y: (-ox * sin + oy * cos) / unit };
  };
  const jawXs = face.jaw.map((p) => local(p).x);
  const halfWidth = jawXs.length ? (Math.max(...jawXs) - Math.min(...jawXs)) / 2 : 1.15;
  return {
    origin,
    unit,
    angle,
    foreheadY: Math.min(-0.6, local(face.forehead).y),
    noseY: local(face.noseTip).y,
    mouthY: local(face.mouth).y,
    chinY: Math.max(1, local(face.chin).y),
    halfWidth: Math.max(0.8, halfWidth),
  };
}

/** Sets ctx's transform to the face frame (call between save() and restore()). */
export function enterFaceFrame(ctx: CanvasRenderingContext2D, frame: FaceFrame): void {
  ctx.translate(frame.origin.x, frame.origin.y);
  ctx.rotate(frame.angle);
  ctx.scale(frame.unit, frame.unit);
}
