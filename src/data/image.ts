// Image decoding and model preprocessing without TensorFlow.js: a pure-TS PNG decoder (DecompressionStream works
// in Node 20, browsers and workers) and a box/area downsample to size × size × 3 floats in [0, 1].
// JPEG/WebP go through createImageBitmap + OffscreenCanvas where the runtime has them (the browser worker).
import { crc32 } from './crc32';
import { sniffImage } from './sniff';

export interface DecodedImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
/** Largest image decoded (pixels): real BeaverTails-V images are photos of a few megapixels. */
const MAX_PIXELS = 40_000_000;

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  // PNG IDAT data is a zlib stream, which is what the Compression Streams API calls 'deflate'.
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** zlib inflate; Node callers may pass node:zlib's inflateSync, which is much faster for many tiny images. */
export type Inflate = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** Decodes an 8-bit, non-interlaced PNG (colour types 0, 2, 4, 6; all five filters) to RGBA. */
export async function decodePng(bytes: Uint8Array, inflateData: Inflate = inflate): Promise<DecodedImage> {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('Not a PNG (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.length) throw new Error(`Truncated PNG: chunk ${type} runs past the end of the data`);
    if (crc32(bytes, offset + 4, dataEnd) !== view.getUint32(dataEnd)) throw new Error(`Corrupt PNG: CRC mismatch in chunk ${type}`);
    if (type === 'IHDR') {
      width = view.getUint32(dataStart);
      height = view.getUint32(dataStart + 4);
      const bitDepth = bytes[dataStart + 8];
      colorType = bytes[dataStart + 9];
      const interlace = bytes[dataStart + 12];
      if (bitDepth !== 8) throw new Error(`Unsupported PNG: bit depth ${bitDepth} (only 8-bit is supported)`);
      if (!(colorType in CHANNELS)) throw new Error(`Unsupported PNG: colour type ${colorType} (palette PNGs are not supported)`);
      if (interlace !== 0) throw new Error('Unsupported PNG: interlaced images are not supported');
      if (width === 0 || height === 0 || width * height > MAX_PIXELS) throw new Error(`Unsupported PNG size ${width}×${height}`);
    } else if (type === 'IDAT') {
      idat.push(bytes.subarray(dataStart, dataEnd));
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset = dataEnd + 4;
  }
  if (colorType < 0) throw new Error('Corrupt PNG: no IHDR chunk');
  if (idat.length === 0) throw new Error('Corrupt PNG: no image data (IDAT)');
  if (!ended) throw new Error('Truncated PNG: no IEND chunk');

  const compressed = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of idat) {
    compressed.set(c, at);
    at += c.length;
  }
  let raw: Uint8Array;
  try {
    raw = await inflateData(compressed);
  } catch (error) {
    throw new Error(`Corrupt PNG: image data does not inflate (${(error as Error).message})`);
  }
  const channels = CHANNELS[colorType];
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new Error('Truncated PNG: image data is shorter than the image');
  const pixels = unfilter(raw, width, height, channels);

  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = p * channels;
    const d = p * 4;
    if (channels === 1 || channels === 2) {
      rgba[d] = rgba[d + 1] = rgba[d + 2] = pixels[s];
      rgba[d + 3] = channels === 2 ? pixels[s + 1] : 255;
    } else {
      rgba[d] = pixels[s];
      rgba[d + 1] = pixels[s + 1];
      rgba[d + 2] = pixels[s + 2];
      rgba[d + 3] = channels === 4 ? pixels[s + 3] : 255;
    }
  }
  return { width, height, rgba };
}

function unfilter(raw: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp] : 0;
      const b = y > 0 ? out[prev + x] : 0;
      const c = y > 0 && x >= bpp ? out[prev + x - bpp] : 0;
      let predicted: number;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = a; break;
        case 2: predicted = b; break;
        case 3: predicted = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`Corrupt PNG: unknown filter type ${filter} on row ${y}`);
      }
      out[row + x] = (raw[src + x] + predicted) & 0xff;
    }
  }
  return out;
}

/** JPEG/WebP (and PNG variants the pure decoder rejects) through the browser's own decoder. */
async function decodeWithBrowser(bytes: Uint8Array, mime: string): Promise<DecodedImage> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    throw new Error(`Cannot decode ${mime} here: needs createImageBitmap and OffscreenCanvas (available in the browser worker)`);
  }
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: mime }));
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('OffscreenCanvas 2D context unavailable');
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: data.width, height: data.height, rgba: data.data };
  } finally {
    bitmap.close();
  }
}

/** Decodes any supported image (PNG, JPEG, WebP) to RGBA; the error names the detected type. */
export async function decodeImage(bytes: Uint8Array, inflateData?: Inflate): Promise<DecodedImage> {
  const mime = sniffImage(bytes);
  if (!mime) throw new Error('Undecodable image: bytes are not PNG, JPEG or WebP');
  if (mime === 'image/png') {
    try {
      return await decodePng(bytes, inflateData);
    } catch (error) {
      // Palette, 16-bit or interlaced PNGs: the browser can still decode them.
      if (/^Unsupported PNG/.test((error as Error).message) && typeof createImageBitmap === 'function') return decodeWithBrowser(bytes, mime);
      throw error;
    }
  }
  return decodeWithBrowser(bytes, mime);
}

/** Per-axis box weights: output cell o covers input [o·n/size, (o+1)·n/size), weighted by overlap. */
function boxWeights(n: number, size: number): { start: number; weights: number[] }[] {
  const cells = [];
  for (let o = 0; o < size; o++) {
    const from = (o * n) / size;
    const to = ((o + 1) * n) / size;
    const start = Math.floor(from);
    const weights: number[] = [];
    for (let i = start; i < Math.ceil(to); i++) weights.push((Math.min(to, i + 1) - Math.max(from, i)) / (to - from));
    cells.push({ start, weights });
  }
  return cells;
}

/**
 * Area-averages RGBA pixels to size × size × 3 floats in [0, 1] (row-major, RGB). Transparent pixels are
 * composited over white.
 */
export function resizeToTensorData(image: DecodedImage, size: number): Float32Array<ArrayBuffer> {
  const { width, height, rgba } = image;
  const xs = boxWeights(width, size);
  const ys = boxWeights(height, size);
  const out = new Float32Array(size * size * 3);
  for (let oy = 0; oy < size; oy++) {
    const cy = ys[oy];
    for (let ox = 0; ox < size; ox++) {
      const cx = xs[ox];
      let r = 0;
      let g = 0;
      let b = 0;
      for (let j = 0; j < cy.weights.length; j++) {
        const rowBase = (cy.start + j) * width;
        for (let i = 0; i < cx.weights.length; i++) {
          const w = cy.weights[j] * cx.weights[i];
          const p = (rowBase + cx.start + i) * 4;
          const alpha = rgba[p + 3] / 255;
          r += w * (rgba[p] * alpha + 255 * (1 - alpha));
          g += w * (rgba[p + 1] * alpha + 255 * (1 - alpha));
          b += w * (rgba[p + 2] * alpha + 255 * (1 - alpha));
        }
      }
      const o = (oy * size + ox) * 3;
      out[o] = r / 255;
      out[o + 1] = g / 255;
      out[o + 2] = b / 255;
    }
  }
  return out;
}

/** Image bytes → size × size × 3 floats in [0, 1] for the models. */
export async function preprocessImage(bytes: Uint8Array, size: number, inflateData?: Inflate): Promise<Float32Array<ArrayBuffer>> {
  return resizeToTensorData(await decodeImage(bytes, inflateData), size);
}
