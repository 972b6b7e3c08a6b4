// The live loop behind the camera preview and the masked video track: each new video frame is
// drawn on a canvas with the chosen mask on the faces last found. Face tracking runs beside
// the drawing, one detection at a time on the newest frame, so a slow model lowers how often
// the mask moves, never the video's own frame rate. The tracker is loaded on the first mask.
import { drawMask } from './draw-masks.js';
import { createFaceTracker } from './face-tracker.js';
import type { FaceTracker, TrackedFace } from './face-types.js';
import type { MaskId } from './mask-ids.js';
import { smoothFaces } from './smooth-faces.js';

export interface RendererStats {
  /** Video frames drawn on the canvas. */
  framesDrawn: number;
  /** Face detections finished (each moves the mask). */
  detections: number;
  /** Detections that found at least one face. */
  detectionsWithFace: number;
  /** Set when the tracker could not load (the video still shows, without a mask). */
  trackerError: string | null;
}

export interface MaskedRenderer {
  setMask(mask: MaskId | null): void;
  /** Resolves once the tracker is loaded (at once when no mask was ever chosen). */
  readonly trackerReady: Promise<void>;
  /** Resolves once the first video frame is on the canvas. */
  readonly firstFrame: Promise<void>;
  readonly stats: RendererStats;
  /** Faces of the last detection, in video pixels. */
  readonly faces: readonly TrackedFace[];
  stop(): void;
}

export function startMaskedRenderer(
  video: HTMLVideoElement,
  canvas: HTMLCanvasElement,
  initialMask: MaskId | null,
): MaskedRenderer {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  const stats: RendererStats = { framesDrawn: 0, detections: 0, detectionsWithFace: 0, trackerError: null };
  let mask = initialMask;
  let faces: readonly TrackedFace[] = [];
  let tracker: FaceTracker | null = null;
  let trackerLoad: Promise<void> | null = null;
  let detecting = false;
  let stopped = false;
  let lastTime = -1;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let frameRequest = 0;
  let resolveReady: () => void = () => undefined;
  const trackerReady = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  let resolveFirstFrame: () => void = () => undefined;
  const firstFrame = new Promise<void>((resolve) => {
    resolveFirstFrame = resolve;
  });

  const loadTracker = () => {
    trackerLoad ??= createFaceTracker().then(
      (t) => {
        tracker = t;
        resolveReady();
      },
      (e: unknown) => {
        stats.trackerError = e instanceof Error ? e.message : String(e);
        resolveReady();
      },
    );
  };

  const detect = () => {
    if (!tracker || detecting || mask === null || video.readyState < 2) return;
    detecting = true;
    tracker
      .detect(video)
      .then((found) => {
        faces = smoothFaces(faces, found);
        stats.detections += 1;
        if (found.length) stats.detectionsWithFace += 1;
        dirty = true;
      })
      .catch(() => {
        faces = [];
      })
      .finally(() => {
        detecting = false;
      });
  };

  const draw = () => {
    if (stopped) return;
    schedule();
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return;
    const fresh = video.currentTime !== lastTime;
    if (!fresh && !dirty) return;
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    lastTime = video.currentTime;
    dirty = false;
    ctx.drawImage(video, 0, 0, w, h);
    if (mask !== null && faces.length) drawMask(ctx, faces, mask);
    stats.framesDrawn += 1;
    if (stats.framesDrawn === 1) resolveFirstFrame();
    detect();
  };

  // Animation frames while the page is visible; a timer otherwise (a call in a background tab).
  const schedule = () => {
    if (document.visibilityState === 'visible') frameRequest = requestAnimationFrame(draw);
    else timer = setTimeout(draw, 1000 / 30);
  };

  if (mask !== null) loadTracker();
  schedule();

  return {
    setMask(next) {
      mask = next;
      if (next === null) faces = [];
      else loadTracker();
      dirty = true;
    },
    trackerReady,
    firstFrame,
    stats,
    get faces() {
      return faces;
    },
    stop() {
      stopped = true;
      cancelAnimationFrame(frameRequest);
      clearTimeout(timer);
    },
  };
}
