// The face frame masks are drawn in: it must follow the face's position, size and roll, and
// describe the face the same way whatever those are.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faceFrame } from './face-frame.js';
import type { FacePoint, TrackedFace } from './face-types.js';
import { toTrackedFace } from './landmarks-68.js';

/** A level face, eyes 100 px apart around (0, 0), moved, scaled and rolled. */
function face(dx: number, dy: number, scale: number, roll: number): TrackedFace {
  const place = (p: FacePoint): FacePoint => ({
    x: dx + scale * (p.x * Math.cos(roll) - p.y * Math.sin(roll)),
    y: dy + scale * (p.x * Math.sin(roll) + p.y * Math.cos(roll)),
  });
  const jaw = Array.from({ length: 17 }, (_, i) => {
    const t = (i / 16) * Math.PI;
    return place({ x: -115 * Math.cos(t), y: 170 * Math.sin(t) - 10 });
  });
  return {
    box: { x: 0, y: 0, width: 1, height: 1 },
    score: 0.9,
    leftEye: place({ x: -50, y: 0 }),
    rightEye: place({ x: 50, y: 0 }),
    noseTip: place({ x: 0, y: 60 }),
    mouth: place({ x: 0, y: 105 }),
    chin: place({ x: 0, y: 160 }),
    forehead: place({ x: 0, y: -95 }),
    jaw,
  };
}

describe('faceFrame', () => {
  it('puts the origin between the eyes, one unit per eye distance, and the features on its axis', () => {
    const f = faceFrame(face(320, 240, 1, 0));
    expect(f.origin).toEqual({ x: 320, y: 240 });
    expect(f.unit).toBeCloseTo(100);
    expect(f.angle).toBeCloseTo(0);
    expect(f.foreheadY).toBeCloseTo(-0.95);
    expect(f.noseY).toBeCloseTo(0.6);
    expect(f.mouthY).toBeCloseTo(1.05);
    expect(f.chinY).toBeCloseTo(1.6);
    expect(f.halfWidth).toBeCloseTo(1.15);
  });

  it('follows position, size and roll, and sees the same face whatever they are', () => {
    const level = faceFrame(face(0, 0, 1, 0));
    fc.assert(
      fc.property(
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: -1.2, max: 1.2, noNaN: true }),
        (dx, dy, scale, roll) => {
          const f = faceFrame(face(dx, dy, scale, roll));
          expect(f.origin.x).toBeCloseTo(dx, 6);
          expect(f.origin.y).toBeCloseTo(dy, 6);
          expect(f.unit).toBeCloseTo(100 * scale, 6);
          expect(f.angle).toBeCloseTo(roll, 6);
          for (const k of ['foreheadY', 'noseY', 'mouthY', 'chinY', 'halfWidth'] as const) {
            expect(f[k]).toBeCloseTo(level[k], 6);
          }
        },
      ),
    );
  });
});

describe('toTrackedFace', () => {
  it('takes eye centres, nose tip, mouth, chin and jaw from the 68-point layout', () => {
    const positions = Array.from({ length: 68 }, (_, i) => ({ x: i, y: 1000 + i }));
    const f = toTrackedFace({ x: 1, y: 2, width: 3, height: 4 }, 0.7, positions);
    expect(f.leftEye).toEqual({ x: 38.5, y: 1038.5 }); // mean of 36..41
    expect(f.rightEye).toEqual({ x: 44.5, y: 1044.5 }); // mean of 42..47
    expect(f.noseTip).toEqual({ x: 30, y: 1030 });
    expect(f.chin).toEqual({ x: 8, y: 1008 });
    expect(f.mouth).toEqual({ x: 53.5, y: 1053.5 }); // mean of the outer lip, 48..59
    expect(f.jaw.map((p) => p.x)).toEqual(Array.from({ length: 17 }, (_, i) => i));
    expect(f.score).toBe(0.7);
  });

  it('puts the forehead above the brows, away from the nose', () => {
    const positions = Array.from({ length: 68 }, () => ({ x: 100, y: 100 }));
    for (let i = 17; i <= 26; i++) positions[i] = { x: 100, y: 80 };
    positions[30] = { x: 100, y: 130 };
    const f = toTrackedFace({ x: 0, y: 0, width: 1, height: 1 }, 1, positions);
    expect(f.forehead.x).toBeCloseTo(100);
    expect(f.forehead.y).toBeCloseTo(50);
  });

  it('refuses a landmark list that is too short', () => {
    expect(() => toTrackedFace({ x: 0, y: 0, width: 1, height: 1 }, 1, [{ x: 0, y: 0 }])).toThrow(/landmark/);
  });
});
