// Makes the synthetic face the browser tests and the masks bench show to Chromium's fake
// camera (face.mjpeg, 640x480) and use as a still photo (face.jpg). The face is drawn here
// (SVG, rendered by sharp, encoded by ffmpeg) so it carries no third-party licence: nobody's
// photo is in the repository. Run: node packages/web/e2e/assets/make-face.mjs
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const out = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));

export const FACE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480">
  <defs>
    <radialGradient id="skin" cx="0.45" cy="0.4" r="0.65">
      <stop offset="0" stop-color="#f3c9a6"/><stop offset="0.7" stop-color="#dca47e"/><stop offset="1" stop-color="#b57b58"/>
    </radialGradient>
    <radialGradient id="bg" cx="0.5" cy="0.4" r="0.8">
      <stop offset="0" stop-color="#8aa4b8"/><stop offset="1" stop-color="#3e5366"/>
    </radialGradient>
    <linearGradient id="nose" x1="0" x2="1">
      <stop offset="0" stop-color="#c98f6a" stop-opacity="0"/><stop offset="1" stop-color="#a8704f" stop-opacity="0.8"/>
    </linearGradient>
    <radialGradient id="iris" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#1d120b"/><stop offset="0.45" stop-color="#2a1a10"/><stop offset="0.8" stop-color="#5a3a22"/><stop offset="1" stop-color="#2a1a10"/>
    </radialGradient>
    <filter id="soft"><feGaussianBlur stdDeviation="1.6"/></filter>
    <filter id="softer"><feGaussianBlur stdDeviation="4"/></filter>
  </defs>
  <rect width="640" height="480" fill="url(#bg)"/>
  <path d="M190 480 Q200 400 275 380 L365 380 Q440 400 450 480 Z" fill="#34495e"/>
  <rect x="282" y="330" width="76" height="70" fill="#c88e69"/>
  <ellipse cx="320" cy="215" rx="112" ry="142" fill="#2b1d14"/>
  <ellipse cx="211" cy="235" rx="16" ry="30" fill="#cf9672"/>
  <ellipse cx="429" cy="235" rx="16" ry="30" fill="#cf9672"/>
  <ellipse cx="320" cy="238" rx="104" ry="132" fill="url(#skin)"/>
  <path d="M214 200 Q222 96 320 92 Q418 96 426 200 Q410 130 320 128 Q230 130 214 200 Z" fill="#2b1d14"/>
  <g filter="url(#soft)">
    <path d="M247 196 Q272 181 298 192" stroke="#3a2619" stroke-width="8" fill="none" stroke-linecap="round"/>
    <path d="M342 192 Q368 181 393 196" stroke="#3a2619" stroke-width="8" fill="none" stroke-linecap="round"/>
    <ellipse cx="274" cy="222" rx="25" ry="14" fill="#b98464" opacity="0.6"/>
    <ellipse cx="366" cy="222" rx="25" ry="14" fill="#b98464" opacity="0.6"/>
  </g>
  <ellipse cx="274" cy="222" rx="20" ry="10" fill="#f4efe9"/>
  <ellipse cx="366" cy="222" rx="20" ry="10" fill="#f4efe9"/>
  <circle cx="275" cy="222" r="8.5" fill="url(#iris)"/>
  <circle cx="365" cy="222" r="8.5" fill="url(#iris)"/>
  <circle cx="277" cy="219" r="2" fill="#fff" opacity="0.8"/>
  <circle cx="367" cy="219" r="2" fill="#fff" opacity="0.8"/>
  <path d="M254 222 Q274 209 294 222" stroke="#2b1d14" stroke-width="2.5" fill="none"/>
  <path d="M346 222 Q366 209 386 222" stroke="#2b1d14" stroke-width="2.5" fill="none"/>
  <g filter="url(#soft)">
    <path d="M312 226 L306 280 Q320 290 334 280 L328 226 Z" fill="url(#nose)" opacity="0.7"/>
    <ellipse cx="309" cy="284" rx="7" ry="4" fill="#7a4a33" opacity="0.7"/>
    <ellipse cx="331" cy="284" rx="7" ry="4" fill="#7a4a33" opacity="0.7"/>
    <path d="M300 282 Q320 296 340 282" stroke="#a26a4b" stroke-width="3" fill="none"/>
  </g>
  <g filter="url(#soft)">
    <path d="M283 318 Q301 308 320 312 Q339 308 357 318 Q339 322 320 321 Q301 322 283 318 Z" fill="#a4504a"/>
    <path d="M283 318 Q320 346 357 318 Q339 324 320 324 Q301 324 283 318 Z" fill="#bb635a"/>
  </g>
  <path d="M286 318 Q320 326 354 318" stroke="#6e2f2b" stroke-width="2" fill="none"/>
  <g filter="url(#softer)" opacity="0.35">
    <ellipse cx="262" cy="282" rx="22" ry="14" fill="#e58f84"/>
    <ellipse cx="378" cy="282" rx="22" ry="14" fill="#e58f84"/>
  </g>
</svg>`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const png = await sharp(Buffer.from(FACE_SVG)).png().toBuffer();
  await writeFile(out('face.png.tmp'), png);
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-i', out('face.png.tmp'), '-q:v', '3', out('face.jpg')]);
  // Chromium's --use-file-for-fake-video-capture plays an MJPEG file in a loop; it decodes
  // 4:2:0 JPEG only (4:4:4, ffmpeg's default from a PNG, gives a green picture).
  execFileSync('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    '-loop',
    '1',
    '-i',
    out('face.png.tmp'),
    '-frames:v',
    '2',
    '-r',
    '30',
    '-pix_fmt',
    'yuvj420p',
    '-q:v',
    '4',
    '-f',
    'mjpeg',
    out('face.mjpeg'),
  ]);
  execFileSync('rm', [out('face.png.tmp')]);
}
