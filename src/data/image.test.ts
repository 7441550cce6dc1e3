import { describe, expect, it } from 'vitest';
import { checkImagePixels, decodeImage, decodePng, MAX_IMAGE_PIXELS, preprocessImage, readImageHeader, resizeToTensorData } from './image';
import { encodePng, type PngColorType } from './nodePng';
import { claimedPng } from './testing/rows';

/** The start of a baseline JPEG: SOI, an APP0 segment, then SOF0 with the size (no image data follows). */
function jpegHeader(width: number, height: number): Uint8Array {
  return new Uint8Array([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x06, 0x4a, 0x46, 0x49, 0x46,
    0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
  ]);
}

function gradient(width: number, height: number, channels: number): Uint8Array {
  const pixels = new Uint8Array(width * height * channels);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + Math.floor(i / 5) * 13) & 0xff;
  return pixels;
}

describe('decodePng', () => {
  it.each([0, 1, 2, 3, 4])('decodes RGB rows written with filter %i', async (filter) => {
    const pixels = gradient(5, 4, 3);
    const decoded = await decodePng(encodePng(5, 4, pixels, 2, [filter]));
    expect([decoded.width, decoded.height]).toEqual([5, 4]);
    for (let p = 0; p < 20; p++) {
      expect([...decoded.rgba.subarray(p * 4, p * 4 + 4)]).toEqual([pixels[p * 3], pixels[p * 3 + 1], pixels[p * 3 + 2], 255]);
    }
  });

  it.each<[PngColorType, number]>([[0, 1], [4, 2], [6, 4]])('decodes colour type %i with mixed filters', async (colorType, channels) => {
    const pixels = gradient(6, 5, channels);
    const decoded = await decodePng(encodePng(6, 5, pixels, colorType, [0, 1, 2, 3, 4]));
    for (let p = 0; p < 30; p++) {
      const px = [...decoded.rgba.subarray(p * 4, p * 4 + 4)];
      const src = pixels.subarray(p * channels, p * channels + channels);
      if (channels === 1) expect(px).toEqual([src[0], src[0], src[0], 255]);
      if (channels === 2) expect(px).toEqual([src[0], src[0], src[0], src[1]]);
      if (channels === 4) expect(px).toEqual([...src]);
    }
  });

  it('rejects bad signatures, corrupt and truncated files with clear messages', async () => {
    const png = encodePng(4, 4, gradient(4, 4, 3));
    await expect(decodePng(new Uint8Array([1, 2, 3]))).rejects.toThrow(/Not a PNG/);
    const corrupt = png.slice();
    corrupt[40] ^= 0xff; // inside IDAT: the CRC no longer matches
    await expect(decodePng(corrupt)).rejects.toThrow(/CRC mismatch/);
    await expect(decodePng(png.subarray(0, png.length - 20))).rejects.toThrow(/Truncated PNG/);
  });

  it('explains that JPEG needs the browser decoder in Node', async () => {
    await expect(decodeImage(jpegHeader(640, 480))).rejects.toThrow(/image\/jpeg.*createImageBitmap/);
    await expect(decodeImage(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow(/not PNG, JPEG or WebP/);
  });
});

describe('preprocessImage', () => {
  it('area-averages to size × size × 3 in [0, 1]', async () => {
    // 4×4: left half black, right half white → 2×2: [0, 1] per row.
    const pixels = new Uint8Array(4 * 4 * 3);
    for (let y = 0; y < 4; y++) for (let x = 2; x < 4; x++) pixels.fill(255, (y * 4 + x) * 3, (y * 4 + x) * 3 + 3);
    const out = await preprocessImage(encodePng(4, 4, pixels), 2);
    expect(Array.from(out)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1]);
  });

  it('weights partial pixels when sizes do not divide, and composites alpha over white', () => {
    const rgba = new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0]); // 3×1: black, white, transparent
    const out = resizeToTensorData({ width: 3, height: 1, rgba }, 2);
    // Cell 0 covers black (1) + half of white (0.5): (0·1 + 1·0.5) / 1.5 = 1/3; cell 1: half white + transparent → 1.
    expect(out[0]).toBeCloseTo(1 / 3, 5);
    expect(out[3]).toBeCloseTo(1, 5);
    expect(out.length).toBe(2 * 1 * 3 * 2);
  });
});

describe('image headers and the pixel cap', () => {
  it('reads width and height from PNG, JPEG, WebP and GIF headers without decoding', () => {
    expect(readImageHeader(encodePng(5, 3, gradient(5, 3, 3)))).toEqual({ mime: 'image/png', width: 5, height: 3 });
    expect(readImageHeader(jpegHeader(6000, 4000))).toEqual({ mime: 'image/jpeg', width: 6000, height: 4000 });
    const riff = (chunk: string, body: number[]) => new Uint8Array([...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...`WEBP${chunk}`].map((c) => c.charCodeAt(0)), [0, 0, 0, 0], body));
    // VP8X: 24-bit width − 1 and height − 1 after 4 flag bytes.
    expect(readImageHeader(riff('VP8X', [0, 0, 0, 0, 0x6f, 0x17, 0, 0x9f, 0x0f, 0]))).toEqual({ mime: 'image/webp', width: 6000, height: 4000 });
    // VP8L: signature 0x2f, then 14-bit width − 1 and 14-bit height − 1.
    const bits = 5999 | (3999 << 14);
    expect(readImageHeader(riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, bits >>> 24]))).toMatchObject({ width: 6000, height: 4000 });
    expect(readImageHeader(new Uint8Array([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([0x70, 0x17, 0xa0, 0x0f])))).toMatchObject({ width: 6000, height: 4000 });
    expect(() => readImageHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toThrow(/Truncated JPEG: no image size/);
  });

  it('refuses an image over the cap from its header, before decoding anything', async () => {
    // The IDAT is junk: had the decoder inflated it, the error would be about corrupt data.
    await expect(preprocessImage(claimedPng(7000, 7000), 16)).rejects.toThrow(/^Image too large: 7000×7000 \(49\.0 MP\) is over the 40 MP limit$/);
    await expect(preprocessImage(jpegHeader(9000, 9000), 16)).rejects.toThrow(/^Image too large: 9000×9000 \(81\.0 MP\)/);
    expect(() => checkImagePixels({ mime: "image/png", width: 100, height: 100 }, 5000)).toThrow(/100×100/);
    expect(MAX_IMAGE_PIXELS).toBe(40_000_000);
  });

  it('decodes a large PNG straight to the model size with the same area weights as a full decode', async () => {
    const pixels = gradient(97, 61, 4);
    const png = encodePng(97, 61, pixels, 6, [0, 1, 2, 3, 4]);
    const streamed = await preprocessImage(png, 16);
    const full = resizeToTensorData(await decodePng(png), 16);
    expect(streamed.length).toBe(16 * 16 * 3);
    streamed.forEach((v, i) => expect(v).toBeCloseTo(full[i], 6));
    // Smaller than the model size (upsampling) too.
    const tiny = encodePng(3, 2, gradient(3, 2, 3));
    const up = await preprocessImage(tiny, 8);
    resizeToTensorData(await decodePng(tiny), 8).forEach((v, i) => expect(up[i]).toBeCloseTo(v, 6));
  });
});
