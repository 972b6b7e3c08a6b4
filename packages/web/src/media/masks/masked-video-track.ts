// For the calls issue: a camera track in, a track with the mask on the faces out
// (canvas.captureStream), the mask changeable while the call runs. The input track stays the
// caller's: stop() ends the masked track and the drawing, not the camera.
import type { MaskId } from './mask-ids.js';
import { startMaskedRenderer, type RendererStats } from './masked-renderer.js';

export interface MaskedVideoTrack {
  track: MediaStreamTrack;
  setMask(mask: MaskId | null): void;
  stop(): void;
  /** How it is going (frames drawn, detections), for the call's stats. */
  readonly stats: RendererStats;
}

export function createMaskedVideoTrack(track: MediaStreamTrack, maskId: MaskId | null): MaskedVideoTrack {
  if (track.kind !== 'video') throw new Error('createMaskedVideoTrack needs a video track');
  const settings = track.getSettings();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  void video.play().catch(() => undefined);
  const canvas = document.createElement('canvas');
  canvas.width = settings.width ?? 640;
  canvas.height = settings.height ?? 480;
  const renderer = startMaskedRenderer(video, canvas, maskId);
  const out = canvas.captureStream(settings.frameRate ?? 30).getVideoTracks()[0];
  if (!out) throw new Error('canvas.captureStream gave no video track');
  const stop = () => {
    renderer.stop();
    out.stop();
    video.srcObject = null;
  };
  track.addEventListener('ended', stop, { once: true });
  return { track: out, setMask: (m) => renderer.setMask(m), stop, stats: renderer.stats };
}
