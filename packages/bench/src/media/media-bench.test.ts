// Smoke run of the media benchmark on small inputs: the built pipeline and server answer, the
// numbers are real measurements, and concurrent uploads do not grow the server by their size.
import { expect, it } from 'vitest';
import { QUICK_MEDIA, runMediaBench } from './media-bench.js';

it('measures the image pipeline, upload speed and memory per upload', async () => {
  const r = await runMediaBench(QUICK_MEDIA);
  expect(r.photosPerSecond).toBeGreaterThan(0);
  expect(r.thumbnailsPerSecond).toBeCloseTo(r.photosPerSecond * 4, 5);
  expect(r.thumbnailOnlyPerSecond).toBeGreaterThan(0);
  expect(r.uploadMbPerSecond).toBeGreaterThan(0);
  // Uploads are streamed to disk: far less than their size stays in memory.
  expect(r.rssPerUploadMb).toBeLessThan(QUICK_MEDIA.uploadMb);
}, 120_000);
