/// <reference types="vite/client" />
// The face model and TensorFlow.js WebAssembly files, taken from the npm packages at build time:
// Vite copies each into the build output (dist/assets/<name>-<hash>.<ext>) and gives its URL,
// so our own server serves them (same origin, cacheable forever, precached by the service
// worker) and nothing is ever fetched from a CDN. Only the face-tracker chunk imports this.
import detectorManifestUrl from '@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json?url&no-inline';
import detectorWeightsUrl from '@vladmandic/face-api/model/tiny_face_detector_model.bin?url&no-inline';
import landmarksManifestUrl from '@vladmandic/face-api/model/face_landmark_68_tiny_model-weights_manifest.json?url&no-inline';
import landmarksWeightsUrl from '@vladmandic/face-api/model/face_landmark_68_tiny_model.bin?url&no-inline';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url&no-inline';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url&no-inline';

export interface ModelFiles {
  /** The weights manifest (tfjs format) and the one weights file it names. */
  manifest: string;
  weights: string;
}

export const DETECTOR_FILES: ModelFiles = { manifest: detectorManifestUrl, weights: detectorWeightsUrl };
export const LANDMARKS_FILES: ModelFiles = { manifest: landmarksManifestUrl, weights: landmarksWeightsUrl };

/**
 * For tf.setWasmPaths, which wants a URL for each binary by file name. The threaded build is
 * never used (it needs cross-origin isolation, which the app does not have, and the tracker
 * turns multithreading off), so it is not shipped: its entry names the SIMD build.
 */
export const WASM_FILES: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl,
};
