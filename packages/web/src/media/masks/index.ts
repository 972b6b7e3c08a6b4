// Face masks: the public face of the module (see docs/media-masks.md). Importing it costs a
// few KB; the face model and TensorFlow.js load on the first mask (face-tracker.ts).
export { MASK_IDS, isMaskId, type MaskId } from './mask-ids.js';
export { createFaceTracker } from './face-tracker.js';
export type { FacePoint, FaceTracker, FrameSource, TrackedFace } from './face-types.js';
export { drawMask } from './draw-masks.js';
export { applyMaskToPhoto } from './apply-mask-to-photo.js';
export { createMaskedVideoTrack, type MaskedVideoTrack } from './masked-video-track.js';
export { startMaskedRenderer, type MaskedRenderer, type RendererStats } from './masked-renderer.js';
export { CameraCapture, type CameraCaptureProps } from './CameraCapture.js';
