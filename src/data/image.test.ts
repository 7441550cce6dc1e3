import { describe, expect, it } from 'vitest';
import { decodeImage, decodePng, preprocessImage, resizeToTensorData } from './image';
import { encodePng, type PngColorType } from './nodePng';

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
    await expect(decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).rejects.toThrow(/image\/jpeg.*createImageBitmap/);
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
