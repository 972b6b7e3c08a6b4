// Chromium's fake camera showing our synthetic face (assets/face.mjpeg, made by
// assets/make-face.mjs) instead of its test pattern, for tests that need a face in the camera.
import { fileURLToPath } from 'node:url';

export const FACE_MJPEG = fileURLToPath(new URL('../assets/face.mjpeg', import.meta.url));
export const FACE_JPEG = fileURLToPath(new URL('../assets/face.jpg', import.meta.url));

/** Flags for launchChromium(): camera and microphone allowed, the camera plays the face. */
export const FAKE_FACE_CAMERA_ARGS: readonly string[] = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${FACE_MJPEG}`,
];
