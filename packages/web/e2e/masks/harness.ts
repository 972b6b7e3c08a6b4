// The page the masks browser tests and the masks bench drive: it puts the masks module's
// public functions on window.masks and a few measuring helpers on window.harness, so a test
// can call them with page.evaluate in a real Chromium, against files served by our server.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import * as masks from '../../src/media/masks/index.js';
import '../../src/styles.css';

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

async function pixels(source: Blob | HTMLCanvasElement | HTMLVideoElement): Promise<ImageData> {
  const image = source instanceof Blob ? await createImageBitmap(source) : source;
  const w = image instanceof HTMLVideoElement ? image.videoWidth : image.width;
  const h = image instanceof HTMLVideoElement ? image.videoHeight : image.height;
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, w, h);
}

/** Mean absolute difference (0..255) of two images' RGB inside `r`. */
async function diff(
  a: Blob | HTMLCanvasElement | HTMLVideoElement,
  b: Blob | HTMLCanvasElement | HTMLVideoElement,
  r: Rect,
) {
  const [pa, pb] = await Promise.all([pixels(a), pixels(b)]);
  if (pa.width !== pb.width || pa.height !== pb.height)
    throw new Error(`sizes differ: ${pa.width}x${pa.height} vs ${pb.width}x${pb.height}`);
  let sum = 0;
  let n = 0;
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      const i = (y * pa.width + x) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs(pa.data[i + c]! - pb.data[i + c]!);
      n += 3;
    }
  }
  return sum / n;
}

async function cameraVideo(): Promise<HTMLVideoElement> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video);
  await video.play();
  return video;
}

function fromBase64(b64: string, type: string): Blob {
  return new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type });
}

const harness = {
  diff,
  fromBase64,
  cameraVideo,
  captured: [] as Blob[],
  /** The device id of the camera CameraCapture shows (null before it opened one). */
  activeCameraId(): string | null {
    const stream = document.querySelector<HTMLVideoElement>('video.camera-source')?.srcObject;
    return stream instanceof MediaStream ? (stream.getVideoTracks()[0]?.getSettings().deviceId ?? null) : null;
  },
  mountCamera() {
    const root = createRoot(document.getElementById('root')!);
    root.render(
      createElement(masks.CameraCapture, {
        onCapture: (b: Blob) => harness.captured.push(b),
        onCancel: () => root.unmount(),
      }),
    );
  },
  /**
   * The bench: the live preview with `mask` (or none, as a baseline) on the fake camera for
   * `ms`: model load time, face detections per second (how often the mask moves) and video
   * frames drawn per second.
   */
  async benchPreview(mask: masks.MaskId | null, ms: number) {
    const video = await cameraVideo();
    const canvas = document.createElement('canvas');
    document.body.append(canvas);
    const t0 = performance.now();
    const renderer = masks.startMaskedRenderer(video, canvas, mask);
    if (mask !== null) await renderer.trackerReady;
    const loadMs = performance.now() - t0;
    if (renderer.stats.trackerError) throw new Error(renderer.stats.trackerError);
    // Warm up (first inferences compile and allocate), then measure.
    await renderer.firstFrame;
    while (mask !== null && renderer.stats.detections < 5) await new Promise((r) => setTimeout(r, 20));
    const d0 = renderer.stats.detections;
    const f0 = renderer.stats.framesDrawn;
    const w0 = renderer.stats.detectionsWithFace;
    const start = performance.now();
    await new Promise((r) => setTimeout(r, ms));
    const seconds = (performance.now() - start) / 1000;
    const detections = renderer.stats.detections - d0;
    const result = {
      loadMs,
      trackingFps: detections / seconds,
      framesFps: (renderer.stats.framesDrawn - f0) / seconds,
      withFaceShare: (renderer.stats.detectionsWithFace - w0) / Math.max(1, detections),
      size: `${video.videoWidth}x${video.videoHeight}`,
    };
    renderer.stop();
    canvas.remove();
    video.remove();
    for (const t of (video.srcObject as MediaStream).getTracks()) t.stop();
    return result;
  },
  /** The bench: applyMaskToPhoto on a photo, `runs` times; milliseconds each. */
  async benchPhoto(b64: string, runs: number) {
    const photo = fromBase64(b64, 'image/jpeg');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await masks.applyMaskToPhoto(photo, 'full-face');
      times.push(performance.now() - t0);
    }
    return { times, backend: (await masks.createFaceTracker()).backend };
  },
};

declare global {
  interface Window {
    masks: typeof masks;
    harness: typeof harness;
  }
}

window.masks = masks;
window.harness = harness;
