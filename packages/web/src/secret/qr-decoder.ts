// Reads QR codes from camera frames: the browser's BarcodeDetector where it exists (Chromium on
// Android and ChromeOS, Safari), otherwise jsQR on the frame's pixels.
import jsQRModule from 'jsqr';

// jsqr is CommonJS with `export default` in its types: under Node's ESM rules the default import
// is the module object, under Vite's interop the function itself.
type JsQr = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' },
) => { data: string } | null;
const loaded = jsQRModule as unknown as JsQr | { default: JsQr };
const jsQR: JsQr = typeof loaded === 'function' ? loaded : loaded.default;

export interface QrDecoder {
  /** The text of a QR code in the frame, or null. */
  decode(video: HTMLVideoElement, canvas: HTMLCanvasElement): Promise<string | null>;
}

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
};

export async function createQrDecoder(): Promise<QrDecoder> {
  const Ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (Ctor) {
    try {
      if ((await Ctor.getSupportedFormats()).includes('qr_code')) {
        const detector = new Ctor({ formats: ['qr_code'] });
        return { decode: async (video) => (await detector.detect(video))[0]?.rawValue ?? null };
      }
    } catch {
      // Fall through to jsQR.
    }
  }
  return { decode: async (video, canvas) => decodeWithJsQr(video, canvas) };
}

function decodeWithJsQr(video: HTMLVideoElement, canvas: HTMLCanvasElement): string | null {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (!w || !h) return null;
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, w, h);
  const image = ctx.getImageData(0, 0, w, h);
  return jsQR(image.data, w, h, { inversionAttempts: 'dontInvert' })?.data ?? null;
}
