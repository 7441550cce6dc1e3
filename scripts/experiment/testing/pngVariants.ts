// Test helper: PNGs the app's own 8-bit decoder does not read but every browser does (16-bit, palette, interlaced),
// written by sharp from one 8-bit picture, so each decodes to the same pixels as the reference.
import sharp from 'sharp';

export const VARIANT_SIZE = 32;

/** A VARIANT_SIZE² RGB picture of four flat quadrants (few colours: a palette holds them exactly). */
export function quadrantPixels(seed = 0): Buffer {
  const colours = [
    [200, 40, 40],
    [40, 160, 60],
    [30, 60, 190],
    [(seed * 37) & 0xff, 230, 20],
  ];
  const pixels = Buffer.alloc(VARIANT_SIZE * VARIANT_SIZE * 3);
  for (let y = 0; y < VARIANT_SIZE; y++) {
    for (let x = 0; x < VARIANT_SIZE; x++) {
      const colour = colours[(y < VARIANT_SIZE / 2 ? 0 : 2) + (x < VARIANT_SIZE / 2 ? 0 : 1)];
      pixels.set(colour, (y * VARIANT_SIZE + x) * 3);
    }
  }
  return pixels;
}

const raw = { raw: { width: VARIANT_SIZE, height: VARIANT_SIZE, channels: 3 as const } };

export type PngVariant = 'png8' | 'png16' | 'palette' | 'interlaced';

/** The picture as a PNG of the given variant. */
export async function pngVariant(variant: PngVariant, seed = 0): Promise<Uint8Array> {
  const image = sharp(quadrantPixels(seed), raw);
  const encoded =
    variant === 'png16'
      ? image.toColourspace('rgb16').png({ compressionLevel: 6 })
      : variant === 'palette'
        ? image.png({ palette: true, colours: 16, dither: 0 })
        : variant === 'interlaced'
          ? image.png({ progressive: true })
          : image.png();
  return new Uint8Array(await encoded.toBuffer());
}

/** The IHDR fields that make a variant: bit depth, colour type (3 = palette) and interlace method (1 = Adam7). */
export function pngHeader(bytes: Uint8Array): { bitDepth: number; colourType: number; interlace: number } {
  return { bitDepth: bytes[24], colourType: bytes[25], interlace: bytes[28] };
}
