// The test card the filter parity tests render with every renderer (sharp, ffmpeg, WebGL, the
// reference kernels): a grey ramp, a hue sweep, colour bars and a face-like shape, as RGBA bytes
// so every test builds the same pixels (the tests encode it with sharp where they need a file).
// Also the statistics the tests compare with.
import type { Rgba } from './filter-kernels.js';

function hue(t: number): [number, number, number] {
  const k = (n: number) => (n + t * 6) % 6;
  const f = (n: number) => 255 * (1 - Math.max(0, Math.min(k(n), 4 - k(n), 1)));
  return [f(5), f(3), f(1)];
}

const BARS: [number, number, number][] = [
  [235, 235, 235],
  [235, 235, 16],
  [16, 235, 235],
  [16, 235, 16],
  [235, 16, 235],
  [235, 16, 16],
  [16, 16, 235],
  [16, 16, 16],
];

/** A w × h test card (w, h ≥ 64). */
export function filterTestCard(w: number, h: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(w * h * 4);
  const put = (x: number, y: number, [r, g, b]: [number, number, number]) => {
    const i = (y * w + x) * 4;
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
    px[i + 3] = 255;
  };
  const fx = w * 0.72;
  const fy = h * 0.55;
  const fr = Math.min(w, h) * 0.28;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x / (w - 1);
      const v = y / (h - 1);
      let c: [number, number, number];
      if (v < 0.2) c = [255 * u, 255 * u, 255 * u];
      else if (v < 0.4) c = hue(u);
      else if (u < 0.45) c = BARS[Math.min(7, Math.floor((u / 0.45) * 8))]!;
      else c = [90 + 80 * v, 120, 160 - 60 * u];
      // The face: skin disc, two eyes, a mouth arc.
      const dx = (x - fx) / fr;
      const dy = (y - fy) / fr;
      const d = Math.hypot(dx, dy);
      if (d < 1) c = [224 - 30 * d, 172 - 30 * d, 140 - 20 * d];
      if (Math.hypot(dx + 0.35, dy + 0.25) < 0.12 || Math.hypot(dx - 0.35, dy + 0.25) < 0.12) c = [30, 40, 60];
      if (Math.abs(Math.hypot(dx, dy + 0.1) - 0.55) < 0.05 && dy > 0.2) c = [170, 40, 50];
      put(x, y, [Math.round(c[0]), Math.round(c[1]), Math.round(c[2])]);
    }
  }
  return px;
}

/** Mean absolute difference per channel (r, g, b) of two RGBA images of the same size. */
export function meanAbsDiff(a: Rgba, b: Rgba): [number, number, number] {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  const sum = [0, 0, 0];
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) sum[c]! += Math.abs(a[i + c]! - b[i + c]!);
  }
  const n = a.length / 4;
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

/** Mean and standard deviation of each channel. */
export function channelStats(a: Rgba): { mean: [number, number, number]; sd: [number, number, number] } {
  const n = a.length / 4;
  const s = [0, 0, 0];
  const q = [0, 0, 0];
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      s[c]! += a[i + c]!;
      q[c]! += a[i + c]! * a[i + c]!;
    }
  }
  const mean = s.map((v) => v / n) as [number, number, number];
  const sd = q.map((v, c) => Math.sqrt(Math.max(0, v / n - mean[c]! ** 2))) as [number, number, number];
  return { mean, sd };
}
