// Draws the app icons once (run by hand: node packages/web/scripts/make-icons.mjs) and writes
// the PNGs into public/icons/, which are committed: nothing is drawn at build or run time.
// "any" icons are a rounded tile; "maskable" ones fill the square and keep the mark inside the
// central 80% safe zone, as platforms crop them to circles or squircles.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const OUT = fileURLToPath(new URL('../public/icons/', import.meta.url));
const ACCENT = '#2563eb';

/** A speech bubble with three dots, scaled into a box of `size` centred in a `canvas` square. */
function mark(canvas, size) {
  const o = (canvas - size) / 2;
  const s = size / 100;
  const p = (x, y) => `${o + x * s},${o + y * s}`;
  const dot = (x) => `<circle cx="${o + x * s}" cy="${o + 44 * s}" r="${6.5 * s}" fill="${ACCENT}"/>`;
  return `
    <path fill="#ffffff" d="M${p(22, 14)} H${o + 78 * s} Q${p(92, 14)} ${p(92, 28)} V${o + 60 * s}
      Q${p(92, 74)} ${p(78, 74)} H${o + 46 * s} L${p(26, 90)} L${p(30, 74)} H${o + 22 * s}
      Q${p(8, 74)} ${p(8, 60)} V${o + 28 * s} Q${p(8, 14)} ${p(22, 14)} Z"/>
    ${dot(32)}${dot(50)}${dot(68)}`;
}

function svg(canvas, maskable) {
  const bg = maskable
    ? `<rect width="${canvas}" height="${canvas}" fill="${ACCENT}"/>`
    : `<rect width="${canvas}" height="${canvas}" rx="${canvas * 0.22}" fill="${ACCENT}"/>`;
  const size = canvas * (maskable ? 0.56 : 0.66);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${canvas}" height="${canvas}">${bg}${mark(canvas, size)}</svg>`;
}

await mkdir(OUT, { recursive: true });
for (const size of [192, 512]) {
  for (const maskable of [false, true]) {
    const name = `icon-${maskable ? 'maskable-' : ''}${size}.png`;
    await sharp(Buffer.from(svg(size, maskable)))
      .png({ compressionLevel: 9 })
      .toFile(OUT + name);
    process.stdout.write(`${name}\n`);
  }
}
await sharp(Buffer.from(svg(180, true)))
  .png({ compressionLevel: 9 })
  .toFile(OUT + 'apple-touch-icon-180.png');
await sharp(Buffer.from(svg(64, false)))
  .png({ compressionLevel: 9 })
  .toFile(OUT + 'favicon-64.png');
