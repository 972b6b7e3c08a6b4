// The face tracker itself, in its own chunk (with face-api and its bundled TensorFlow.js,
// ~1.3 MB): loaded by createFaceTracker() on first use only, so the app's initial JS does not
// grow. Models: face-api's Tiny Face Detector (190 KB) and the tiny 68-point landmark net
// (77 KB), run on TensorFlow.js's WebAssembly backend (SIMD when the browser has it), which
// needs no GPU; WebGL and then the plain CPU backend are the fallbacks.
import * as faceapi from '@vladmandic/face-api';
import type { FaceTracker, FrameSource, TrackedFace } from './face-types.js';
import { toTrackedFace } from './landmarks-68.js';
import { DETECTOR_FILES, LANDMARKS_FILES, WASM_FILES, type ModelFiles } from './model-files.js';

/** Detector input size (a multiple of 32): small is fast, and a selfie's face is large. */
const INPUT_SIZE = 224;
const PRECISE_INPUT_SIZE = 416;
const MIN_SCORE = 0.4;

interface WeightsManifest {
  paths: string[];
  weights: Parameters<typeof faceapi.tf.io.decodeWeights>[1];
}

/** tfjs functions that are in face-api's bundle but not in its type declarations. */
interface BackendControl {
  setWasmPaths(paths: Record<string, string>): void;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  memory(): { numTensors: number };
  env(): { set(flag: string, value: boolean): void };
}

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`face model file ${url}: HTTP ${res.status}`);
  return res;
}

interface FetchedModel {
  specs: WeightsManifest['weights'];
  buffer: ArrayBuffer;
}

/** One model's files, from our own URLs (the manifest's relative paths are not used). */
async function fetchModel(files: ModelFiles): Promise<FetchedModel> {
  const manifest = (await (await fetchOk(files.manifest)).json()) as WeightsManifest[];
  const group = manifest[0];
  if (manifest.length !== 1 || !group || group.paths.length !== 1) {
    throw new Error(`face model ${files.manifest}: expected one weights file`);
  }
  return { specs: group.weights, buffer: await (await fetchOk(files.weights)).arrayBuffer() };
}

let backendReady: Promise<string> | undefined;

/** Picks the first backend that starts: wasm, then webgl, then cpu. Once per page. */
function startBackend(): Promise<string> {
  backendReady ??= (async () => {
    const tf = faceapi.tf as unknown as BackendControl;
    tf.setWasmPaths(WASM_FILES);
    // One thread: the threaded binary is not shipped (model-files.ts).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    for (const name of ['wasm', 'webgl', 'cpu']) {
      try {
        if (await tf.setBackend(name)) {
          await tf.ready();
          return name;
        }
      } catch {
        // Try the next one.
      }
    }
    throw new Error('no TensorFlow.js backend could start');
  })();
  return backendReady;
}

let modelsReady: Promise<void> | undefined;

/** Fetches the models while the backend starts; their tensors are made once it has. */
function loadModels(): Promise<void> {
  modelsReady ??= (async () => {
    const [, detector, landmarks] = await Promise.all([
      startBackend(),
      fetchModel(DETECTOR_FILES),
      fetchModel(LANDMARKS_FILES),
    ]);
    const decode = (m: FetchedModel) => faceapi.tf.io.decodeWeights(m.buffer, m.specs);
    faceapi.nets.tinyFaceDetector.loadFromWeightMap(decode(detector));
    faceapi.nets.faceLandmark68TinyNet.loadFromWeightMap(decode(landmarks));
  })();
  return modelsReady;
}

export async function createFaceTrackerNow(): Promise<FaceTracker> {
  await loadModels();
  const backend = await startBackend();
  const fast = new faceapi.TinyFaceDetectorOptions({ inputSize: INPUT_SIZE, scoreThreshold: MIN_SCORE });
  const precise = new faceapi.TinyFaceDetectorOptions({ inputSize: PRECISE_INPUT_SIZE, scoreThreshold: MIN_SCORE });
  return {
    backend,
    liveTensors: () => (faceapi.tf as unknown as BackendControl).memory().numTensors,
    async detect(source: FrameSource, opts = {}): Promise<TrackedFace[]> {
      const options = opts.precise ? precise : fast;
      const found = await faceapi.detectAllFaces(source, options).withFaceLandmarks(true);
      return found
        .map((f) => {
          const b = f.detection.box;
          return toTrackedFace(
            { x: b.x, y: b.y, width: b.width, height: b.height },
            f.detection.score,
            f.landmarks.positions,
          );
        })
        .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
    },
  };
}
