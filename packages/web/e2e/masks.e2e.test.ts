// Face masks in Debian's headless Chromium, against the masks test page served by our server:
// the tracker finds the synthetic face (assets/face.jpg, the same face the fake camera plays)
// with landmarks where the face is drawn; each mask changes the face and nothing far from it,
// on photos, in the camera preview (CameraCapture, which also switches between cameras) and on
// a masked video track; the model and wasm files come from our server and no request ever
// goes anywhere else.
import { readdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { SHOTS_DIR } from './app-server.js';
import { HARNESS_DIST } from './masks/build-harness.js';
import { faceJpegBase64, setUpMasksWorld } from './masks/masks-world.js';

const world = setUpMasksWorld();

/** Where things are drawn in the 640x480 face (make-face.mjs). */
const DRAWN = { leftEye: { x: 274, y: 222 }, rightEye: { x: 366, y: 222 }, mouthY: 318, chinY: 370 };
/** Regions each mask must change, and corners no mask may touch. */
const MASK_REGION = {
  glasses: { x: 255, y: 212, w: 38, h: 20 },
  'full-face': { x: 238, y: 262, w: 30, h: 20 },
  hat: { x: 300, y: 40, w: 40, h: 40 },
  ears: { x: 232, y: 74, w: 20, h: 20 },
} as const;
const CORNERS = [
  { x: 0, y: 0, w: 90, h: 90 },
  { x: 550, y: 0, w: 90, h: 90 },
  { x: 0, y: 300, w: 90, h: 90 },
  { x: 550, y: 300, w: 90, h: 90 },
];

describe('face masks', () => {
  it('finds the face in the test photo, with landmarks where the face is drawn', async () => {
    const page = await world.page();
    const result = await page.evaluate(
      async (b64) => {
        const bitmap = await createImageBitmap(window.harness.fromBase64(b64, 'image/jpeg'));
        const canvas = document.createElement('canvas');
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
        canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
        const tracker = await window.masks.createFaceTracker();
        return { backend: tracker.backend, faces: await tracker.detect(canvas) };
      },
      await faceJpegBase64(),
    );
    expect(result.backend).toBe('wasm');
    expect(result.faces).toHaveLength(1);
    const [face] = result.faces;
    const near = (p: { x: number; y: number }, q: { x: number; y: number }, tolerance: number) =>
      expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeLessThan(tolerance);
    near(face!.leftEye, DRAWN.leftEye, 12);
    near(face!.rightEye, DRAWN.rightEye, 12);
    expect(Math.abs(face!.mouth.y - DRAWN.mouthY)).toBeLessThan(15);
    expect(Math.abs(face!.chin.y - DRAWN.chinY)).toBeLessThan(20);
    expect(face!.noseTip.y).toBeGreaterThan(DRAWN.leftEye.y + 25);
    expect(face!.noseTip.y).toBeLessThan(DRAWN.mouthY);
    expect(face!.forehead.y).toBeLessThan(DRAWN.leftEye.y - 40);
    expect(face!.jaw).toHaveLength(17);
    expect(face!.score).toBeGreaterThan(0.8);
  });

  it('serves the model and wasm files from our server, and nothing is fetched from elsewhere', async () => {
    const page = await world.page();
    await page.evaluate(() => window.masks.createFaceTracker());
    const assets = await readdir(`${HARNESS_DIST}/assets`);
    const modelFiles = assets.filter((f) => /\.(bin|wasm)$|manifest.*\.json$/.test(f));
    // Two models (manifest + weights each) and the two wasm binaries (plain and SIMD).
    expect(modelFiles.filter((f) => f.endsWith('.bin'))).toHaveLength(2);
    expect(modelFiles.filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(modelFiles.filter((f) => f.endsWith('.wasm'))).toHaveLength(2);
    for (const f of modelFiles) {
      const res = await fetch(`${world.server.url}/assets/${f}`);
      expect(res.status, f).toBe(200);
      if (f.endsWith('.wasm')) expect(res.headers.get('content-type')).toBe('application/wasm');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    // The page loaded the weights and a wasm binary from our origin...
    expect(world.requested.some((u) => /tiny_face_detector_model.*\.bin$/.test(u))).toBe(true);
    expect(world.requested.some((u) => /face_landmark_68_tiny_model.*\.bin$/.test(u))).toBe(true);
    expect(world.requested.some((u) => /tfjs-backend-wasm-simd.*\.wasm$/.test(u))).toBe(true);
    // ...and from nowhere else (the route handler aborts and records any other origin).
    expect(world.foreignRequests).toEqual([]);
  });

  it('puts each mask on the face of a photo and leaves the rest alone', async () => {
    const page = await world.page();
    const b64 = await faceJpegBase64();
    for (const mask of ['glasses', 'hat', 'ears', 'full-face'] as const) {
      const d = await page.evaluate(
        async ({ b64, mask, region, corners }) => {
          const photo = window.harness.fromBase64(b64, 'image/jpeg');
          const masked = await window.masks.applyMaskToPhoto(photo, mask);
          return {
            type: masked.type,
            same: masked === photo,
            onMask: await window.harness.diff(photo, masked, region),
            far: await Promise.all(corners.map((c) => window.harness.diff(photo, masked, c))),
          };
        },
        { b64, mask, region: MASK_REGION[mask], corners: CORNERS },
      );
      expect(d.same, mask).toBe(false);
      expect(d.type).toBe('image/jpeg');
      expect(d.onMask, mask).toBeGreaterThan(30);
      for (const far of d.far) expect(far, mask).toBeLessThan(4);
    }
    // A photo without a face comes back untouched.
    const untouched = await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#7799aa';
      ctx.fillRect(0, 0, 320, 240);
      const blob = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/png'));
      return (await window.masks.applyMaskToPhoto(blob, 'glasses')) === blob;
    });
    expect(untouched).toBe(true);
  });

  it('shows the chosen mask on the live camera preview, and the photo taken includes it', async () => {
    const page = await world.page();
    await page.evaluate(() => window.harness.mountCamera());
    const t = strings.masks;
    const shutter = page.getByRole('button', { name: t.takePhoto });
    await page.getByRole('img', { name: t.preview }).waitFor();
    await page.waitForFunction((name) => {
      const b = [...document.querySelectorAll('button')].find((x) => x.textContent === name);
      return b && !b.disabled;
    }, t.takePhoto);
    await shutter.click();
    await page.waitForFunction(() => window.harness.captured.length === 1);
    await page.getByRole('button', { name: t.names['glasses'] }).click();
    await page.waitForFunction(
      (name) => [...document.querySelectorAll('button')].find((x) => x.textContent === name)?.ariaPressed === 'true',
      t.names['glasses'],
    );
    // The glasses appear over the eyes of the live preview once the tracker has loaded.
    await page.waitForFunction(
      async (region) =>
        (await window.harness.diff(
          window.harness.captured[0]!,
          document.querySelector('canvas.camera-preview') as HTMLCanvasElement,
          region,
        )) > 30,
      MASK_REGION.glasses,
      { timeout: 30_000, polling: 200 },
    );
    await page.getByText(t.loadingMasks).waitFor({ state: 'detached' });
    await page.screenshot({ path: `${SHOTS_DIR}/masks-camera-glasses.png` });
    await shutter.click();
    await page.waitForFunction(() => window.harness.captured.length === 2);
    const d = await page.evaluate(
      async ({ region, corners }) => {
        const [plain, masked] = window.harness.captured as [Blob, Blob];
        return {
          type: masked.type,
          onMask: await window.harness.diff(plain, masked, region),
          far: await Promise.all(corners.map((c) => window.harness.diff(plain, masked, c))),
        };
      },
      { region: MASK_REGION.glasses, corners: CORNERS },
    );
    expect(d.type).toBe('image/jpeg');
    expect(d.onMask).toBeGreaterThan(30);
    for (const far of d.far) expect(far).toBeLessThan(8);
    const photo = await page.evaluate(async () => {
      const bytes = new Uint8Array(await window.harness.captured[1]!.arrayBuffer());
      return btoa(String.fromCharCode(...bytes));
    });
    await writeFile(`${SHOTS_DIR}/masks-camera-photo.jpg`, Buffer.from(photo, 'base64'));
  });

  it('offers to switch cameras when there are several, and switches', async () => {
    // Chromium's fake camera plays a file as one device only; two test-pattern cameras here.
    const page = await world.page([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream=device-count=2',
    ]);
    await page.evaluate(() => window.harness.mountCamera());
    const activeCamera = () => page.evaluate(() => window.harness.activeCameraId());
    const switcher = page.getByRole('button', { name: strings.masks.switchCamera });
    await switcher.waitFor();
    const first = await activeCamera();
    expect(first).toBeTruthy();
    await switcher.click();
    // (While switching, no camera is open: wait for the other one, not just for a change.)
    await page.waitForFunction((before) => {
      const now = window.harness.activeCameraId();
      return now !== null && now !== before;
    }, first);
    const second = await activeCamera();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
  });

  it('makes a masked video track for calls: frames flow, the mask follows setMask, stop ends it', async () => {
    const page = await world.page();
    const r = await page.evaluate(
      async ({ region, corners }) => {
        const h = window.harness;
        const camera = await h.cameraVideo();
        const input = (camera.srcObject as MediaStream).getVideoTracks()[0]!;
        const masked = window.masks.createMaskedVideoTrack(input, 'full-face');
        const out = document.createElement('video');
        out.muted = true;
        out.srcObject = new MediaStream([masked.track]);
        document.body.append(out);
        await out.play();
        const until = async (ok: () => boolean | Promise<boolean>) => {
          const deadline = performance.now() + 30_000;
          while (!(await ok())) {
            if (performance.now() > deadline) throw new Error('timed out');
            await new Promise((res) => setTimeout(res, 100));
          }
        };
        await until(() => masked.stats.detectionsWithFace >= 2 && out.videoWidth > 0);
        // Tracking does not leak tensors: the count is the same 20 detections later.
        const tracker = await window.masks.createFaceTracker();
        const tensorsBefore = tracker.liveTensors();
        const later = masked.stats.detections + 20;
        await until(() => masked.stats.detections >= later);
        const tensorsAfter = tracker.liveTensors();
        // Frames of the masked track, counted for one second.
        let frames = 0;
        const count = () => {
          frames += 1;
          out.requestVideoFrameCallback(count);
        };
        out.requestVideoFrameCallback(count);
        await new Promise((res) => setTimeout(res, 1000));
        await until(async () => (await h.diff(camera, out, region)) > 30);
        const far = await Promise.all(corners.map((c) => h.diff(camera, out, c)));
        masked.setMask(null);
        await until(async () => (await h.diff(camera, out, region)) < 8);
        masked.stop();
        return {
          frames,
          far,
          tensorsBefore,
          tensorsAfter,
          ended: masked.track.readyState,
          inputLive: input.readyState,
          kind: masked.track.kind,
        };
      },
      { region: MASK_REGION['full-face'], corners: CORNERS },
    );
    expect(r.kind).toBe('video');
    expect(r.tensorsBefore).toBeGreaterThan(0); // the models' weights
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
    expect(r.frames).toBeGreaterThan(5);
    for (const far of r.far) expect(far).toBeLessThan(8);
    expect(r.ended).toBe('ended');
    expect(r.inputLive).toBe('live');
  });

  it('made no request to another origin in any of the tests above', () => {
    expect(world.requested.length).toBeGreaterThan(10);
    expect(world.foreignRequests).toEqual([]);
  });
});
