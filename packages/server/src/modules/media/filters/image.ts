// Renders a filter (packages/protocol/src/filters.ts) on a photo with sharp. Each step is
// materialized to raw RGBA before the next, because sharp runs its own operations in a fixed
// order whatever the call order; recomb, linear and blur are sharp's, the steps sharp has no exact
// operation for (vignette, grain, pixelate, channel shift, blur mix) run the protocol's kernels.
import sharp, { type Sharp } from 'sharp';
import { FILTERS, applyStepRgba, blurMixKernel, blurSigmaPx, type FilterId, type FilterStep } from '@anytime/protocol';

interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

const fromRaw = (img: RawImage): Sharp =>
  sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } });

async function toRaw(image: Sharp): Promise<RawImage> {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`expected RGBA, got ${info.channels} channels`);
  return { data, width: info.width, height: info.height };
}

/** One step over raw RGBA with sharp where sharp has the exact operation. */
async function runStep(step: FilterStep, img: RawImage): Promise<RawImage> {
  switch (step.op) {
    case 'matrix': {
      const m = step.m;
      return toRaw(
        fromRaw(img).recomb([
          [m[0], m[1], m[2]],
          [m[3], m[4], m[5]],
          [m[6], m[7], m[8]],
        ]),
      );
    }
    case 'levels':
      // sharp truncates to 8 bits: +0.5 makes that the round half up the data model asks for.
      return toRaw(
        fromRaw(img).linear(
          [...step.gain],
          step.offset.map((o) => o * 255 + 0.5),
        ),
      );
    case 'blur': {
      const sigma = blurSigmaPx(step.sigma, img.width, img.height);
      const blurred = await toRaw(fromRaw(img).blur({ sigma, minAmplitude: 0.01 }));
      blurMixKernel(step, img.data, blurred.data);
      return img;
    }
    default:
      applyStepRgba(step, img.data, img.width, img.height);
      return img;
  }
}

/**
 * The photo with the filter applied, as a new sharp instance over raw RGBA pixels (alpha dropped
 * again when the photo had none); the caller encodes it. `size` is the photo's size after
 * auto-orientation, as the caller knows it; the decoded pixels decide (relative parameters are
 * measured on them), so a caller that passes the size before rotation still gets the right
 * result. Resize first: every step holds the whole photo as raw RGBA in memory.
 */
export async function applyImageFilter(
  image: Sharp,
  filter: FilterId,
  size: { width: number; height: number },
): Promise<Sharp> {
  const steps = FILTERS[filter].steps;
  if (steps.length === 0) return image;
  if (!(size.width > 0 && size.height > 0)) throw new Error(`invalid image size ${size.width}x${size.height}`);
  const { hasAlpha } = await image.metadata();
  let img = await toRaw(image.toColourspace('srgb').ensureAlpha());
  for (const step of steps) img = await runStep(step, img);
  const out = fromRaw(img);
  return hasAlpha ? out : out.removeAlpha();
}
