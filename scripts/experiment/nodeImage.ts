/**
 * Image bytes → size × size × 3 floats in Node, through the same function the browser worker uses
 * (src/data/image.ts preprocessImage): 8-bit PNG through the app's own decoder (node:zlib inflate), and everything
 * the browser decodes with createImageBitmap (JPEG, WebP, GIF; palette, 16-bit and interlaced PNG) through
 * sharpImageDecoder (libvips; shrink-on-load keeps multi-megapixel photos cheap) to at most 8·size pixels a side,
 * then the app's area resize (alpha over white). The header's pixel count is checked first (image bombs).
 */
import sharp from 'sharp';
import { inflateSync } from 'node:zlib';
import { MAX_IMAGE_PIXELS, preprocessImage, type DecodedImage, type ImageDecoder } from '../../src/data/image';

export { MAX_IMAGE_PIXELS };

/** Node's ImageDecoder: sharp for every format the browser's decoder reads. */
export const sharpImageDecoder: ImageDecoder = {
  available: true,
  async decode(bytes: Uint8Array, _mime: string, size?: number): Promise<DecodedImage> {
    let image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', animated: false })
      .rotate(); // EXIF orientation, as createImageBitmap applies it by default
    if (size) image = image.resize({ width: 8 * size, height: 8 * size, fit: 'inside', withoutEnlargement: true });
    // 8 bits per channel whatever the source depth (16-bit PNGs), as a canvas holds them.
    const { data, info } = await image.ensureAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`decoded to ${info.channels} channels, expected 4`);
    return { width: info.width, height: info.height, rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
  },
};

export function preprocessImageNode(bytes: Uint8Array, size: number): Promise<Float32Array> {
  return preprocessImage(bytes, size, (data) => new Uint8Array(inflateSync(data)), MAX_IMAGE_PIXELS, sharpImageDecoder);
}
