// Mask smoothing: small moves are damped, big moves and new faces are taken as found.
import { describe, expect, it } from 'vitest';
import type { TrackedFace } from './face-types.js';
import { smoothFaces } from './smooth-faces.js';

function faceAt(x: number, y: number): TrackedFace {
  const p = (dx: number, dy: number) => ({ x: x + dx, y: y + dy });
  return {
    box: { x: x - 100, y: y - 100, width: 200, height: 250 },
    score: 0.9,
    leftEye: p(-50, 0),
    rightEye: p(50, 0),
    noseTip: p(0, 60),
    mouth: p(0, 105),
    chin: p(0, 160),
    forehead: p(0, -95),
    jaw: Array.from({ length: 17 }, (_, i) => p(-115 + i * 14, 100)),
  };
}

describe('smoothFaces', () => {
  it('moves a face that shifted a little only part of the way', () => {
    const [f] = smoothFaces([faceAt(300, 200)], [faceAt(310, 200)]);
    expect(f!.leftEye.x).toBeCloseTo(250 + 6);
    expect(f!.chin.x).toBeCloseTo(306);
    expect(f!.jaw[0]!.x).toBeCloseTo(185 + 6);
  });

  it('takes a face that jumped, and a new face, as found', () => {
    const far = faceAt(500, 200);
    expect(smoothFaces([faceAt(300, 200)], [far])).toEqual([far]);
    expect(smoothFaces([], [far])).toEqual([far]);
  });

  it('smooths each of two faces against its own previous position', () => {
    const out = smoothFaces([faceAt(100, 200), faceAt(500, 200)], [faceAt(505, 200), faceAt(110, 200)]);
    expect(out[0]!.noseTip.x).toBeCloseTo(503);
    expect(out[1]!.noseTip.x).toBeCloseTo(106);
  });
});
