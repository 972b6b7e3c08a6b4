// face-api's 68 landmarks (the iBUG 300-W layout) reduced to the anchors masks use; apart from
// the tracker so that it can be tested without loading a model.
import type { FacePoint, TrackedFace } from './face-types.js';

const mean = (points: readonly FacePoint[]): FacePoint => {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
};

export function toTrackedFace(box: TrackedFace['box'], score: number, positions: readonly FacePoint[]): TrackedFace {
  const at = (i: number): FacePoint => {
    const p = positions[i];
    if (!p) throw new Error(`landmark ${i} missing`);
    return { x: p.x, y: p.y };
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => at(from + k));
  const leftEye = mean(range(36, 41));
  const rightEye = mean(range(42, 47));
  const noseTip = at(30);
  const brows = mean([...range(17, 26)]);
  // The forehead's middle: above the brows by 0.6 of the brow-to-nose-tip distance.
  const forehead = { x: brows.x + (brows.x - noseTip.x) * 0.6, y: brows.y + (brows.y - noseTip.y) * 0.6 };
  return {
    box,
    score,
    leftEye,
    rightEye,
    noseTip,
    mouth: mean(range(48, 59)),
    chin: at(8),
    forehead,
    jaw: range(0, 16),
  };
}
