// A live filter on the outgoing call video: each frame of the input track drawn through a filter
// of protocol/filters.ts (media/filters: WebGL2, or canvas 2D) on a canvas whose captureStream is
// the track the call sends. The input track stays the caller's: stop() ends only the output.
import type { FilterId } from '@anytime/protocol';
import { releaseFilterRenderer, renderFilter } from '../media/filters/index.js';

export interface FilteredVideoTrack {
  track: MediaStreamTrack;
  stop(): void;
}

export function createFilteredVideoTrack(input: MediaStreamTrack, filter: FilterId): FilteredVideoTrack {
  const settings = input.getSettings();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([input]);
  void video.play().catch(() => undefined);
  const canvas = document.createElement('canvas');
  canvas.width = settings.width ?? 640;
  canvas.height = settings.height ?? 480;
  const out = canvas.captureStream(settings.frameRate ?? 30).getVideoTracks()[0];
  if (!out) throw new Error('canvas.captureStream gave no video track');
  let stopped = false;
  const draw = () => {
    if (stopped) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      if (canvas.width !== video.videoWidth || canvas.height !== video.videoHeight) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
      }
      renderFilter(video, filter, canvas);
    }
    schedule();
  };
  // requestVideoFrameCallback draws once per camera frame; a timer where it is missing.
  const schedule = () =>
    'requestVideoFrameCallback' in video ? video.requestVideoFrameCallback(draw) : setTimeout(draw, 33);
  schedule();
  const stop = () => {
    stopped = true;
    out.stop();
    releaseFilterRenderer(canvas);
    video.srcObject = null;
  };
  input.addEventListener('ended', stop, { once: true });
  return { track: out, stop };
}
