// Images for media tests and the bench, generated with sharp: a 12 MP camera-like JPEG (noise,
// so it is photo-sized) with EXIF orientation 6 and GPS coordinates, and small PNG, GIF, WebP.
import sharp from 'sharp';

export async function cameraJpeg(width = 4000, height = 3000): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'T1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2999/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 17/1 4000/100',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Whether EXIF bytes hold a GPS IFD (its pointer tag 0x8825, little- or big-endian). */
export const hasGpsIfd = (exif: Buffer | undefined): boolean =>
  !!exif && (exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25])));

const solid = (width: number, height: number, alpha = false) =>
  sharp({
    create: { width, height, channels: alpha ? 4 : 3, background: { r: 200, g: 60, b: 30, alpha: alpha ? 0.5 : 1 } },
  });

export const pngImage = (width = 640, height = 480, alpha = true) => solid(width, height, alpha).png().toBuffer();
export const gifImage = (width = 64, height = 48) => solid(width, height).gif().toBuffer();
export const webpImage = (width = 800, height = 600) => solid(width, height).webp().toBuffer();
