/**
 * Image bytes → size × size × 3 floats in Node, as the browser worker prepares them: PNG through the app's own
 * decoder (src/data/image.ts, as the worker does), JPEG/WebP/GIF decoded by sharp (libvips; shrink-on-load keeps
 * multi-megapixel photos cheap) to at most 8·size pixels a side, then the app's area resize
 * (resizeToTensorData, alpha over white) to size × size. A pixel cap rejects image bombs, naming the size.
 */
import sharp from 'sharp';
import { inflateSync } from 'node:zlib';
import { preprocessImage, resizeToTensorData } from '../../src/data/image';
import { sniffImage } from '../../src/data/sniff';

/** Largest image accepted (pixels), as the browser's PNG decoder. */
export const MAX_IMAGE_PIXELS = 40_000_000;

export async function preprocessImageNode(bytes: Uint8Array, size: number): Promise<Float32Array> {
  const mime = sniffImage(bytes);
  if (!mime) throw new Error(`${bytes.length} bytes that are not PNG, JPEG, WebP or GIF`);
  if (mime === 'image/png') return preprocessImage(bytes, size, (data) => new Uint8Array(inflateSync(data)));
  const image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', animated: false });
  const { data, info } = await image
    .rotate() // EXIF orientation, as createImageBitmap applies it by default
    .resize({ width: 8 * size, height: 8 * size, fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`decoded to ${info.channels} channels, expected 4`);
  return resizeToTensorData({ width: info.width, height: info.height, rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) }, size);
}
