// Scenario m: face masks in headless Chromium (software only: --disable-gpu, so TensorFlow.js
// runs on its WebAssembly backend). The masks test page (packages/web/e2e/masks) is built with
// Vite and served by a real server of ours; Chromium's fake camera plays the synthetic face
// (packages/web/e2e/assets/face.mjpeg). The page runs the live preview with glasses and
// reports face-tracking frames/s (detections per second: how often the mask moves), video
// frames drawn per second (with the mask, and without one as a baseline), the model load time
// (first mask chosen -> tracker ready), and the time applyMaskToPhoto takes on the still face.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DeliveryLedger } from '../delivery-ledger.js';
import { formatValue } from '../format.js';
import { startServer } from '../server-process.js';
import type { Timing } from '../timing.js';
import { FAKE_MEDIA_ARGS, launchChromium } from './chromium.js';
import type { ScenarioResult } from './result.js';

const root = (p: string) => fileURLToPath(new URL(`../../../../${p}`, import.meta.url));
const HARNESS_CONFIG = root('packages/web/e2e/masks/vite.config.ts');
const HARNESS_DIST = root('test-results/masks-harness');
const FACE_MJPEG = root('packages/web/e2e/assets/face.mjpeg');
const FACE_JPEG = root('packages/web/e2e/assets/face.jpg');
const VITE = root('node_modules/vite/bin/vite.js');
const AIM_FPS = 15;

interface PreviewBench {
  loadMs: number;
  trackingFps: number;
  framesFps: number;
  withFaceShare: number;
  size: string;
}

const BASELINE_MS = 3_000;
const PHOTO_RUNS = 5;

export async function runMasks(id: string, timing: Timing): Promise<ScenarioResult> {
  const scenario = 'masks: face tracking + glasses on the live camera preview, headless Chromium, no GPU';
  execFileSync(process.execPath, [VITE, 'build', '-c', HARNESS_CONFIG], { stdio: 'inherit' });
  const server = await startServer({ entry: root('packages/server/dist/main.js'), env: { WEB_DIR: HARNESS_DIST } });
  const browser = await launchChromium([...FAKE_MEDIA_ARGS, `--use-file-for-fake-video-capture=${FACE_MJPEG}`]);
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await page.goto(`${server.baseUrl}/`);
    await page.waitForFunction(() => 'harness' in window);
    // The preview without a mask first: the frame rate the camera and canvas give on their own.
    const base = (await page.evaluate(`window.harness.benchPreview(null, ${BASELINE_MS})`)) as PreviewBench;
    const r = (await page.evaluate(`window.harness.benchPreview('glasses', ${timing.durationMs})`)) as PreviewBench;
    const face = (await readFile(FACE_JPEG)).toString('base64');
    const photo = (await page.evaluate(`window.harness.benchPhoto(${JSON.stringify(face)}, ${PHOTO_RUNS})`)) as {
      times: number[];
      backend: string;
    };
    const photoMs = [...photo.times].sort((a, b) => a - b)[Math.floor(photo.times.length / 2)] ?? NaN;
    const problems: string[] = [];
    if (r.trackingFps < AIM_FPS)
      problems.push(`face tracking ${formatValue(r.trackingFps)} fps is under the ${AIM_FPS} fps aim`);
    if (r.withFaceShare < 0.95)
      problems.push(`the face was found in only ${Math.round(r.withFaceShare * 100)}% of detections`);
    return {
      id,
      scenario,
      value: r.trackingFps,
      unit: 'fps',
      notes: [
        `backend ${photo.backend}, camera ${r.size}; video frames drawn ${formatValue(r.framesFps)}/s with the mask, ${formatValue(base.framesFps)}/s without`,
        `applyMaskToPhoto (640x480 JPEG, fox face, 416 px detector input): median ${formatValue(photoMs)} ms of ${PHOTO_RUNS}`,
        `model load (tfjs wasm + 2 models, local server) ${formatValue(r.loadMs)} ms; face found in ${Math.round(r.withFaceShare * 100)}% of detections; aim >= ${AIM_FPS} fps`,
      ],
      delivery: new DeliveryLedger().report(),
      problems,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
