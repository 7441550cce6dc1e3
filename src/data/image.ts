// Image decoding and model preprocessing without TensorFlow.js: a pure-TS PNG decoder (fflate's streaming inflate,
// the same in Node, browsers and workers) and a box/area downsample to size × size × 3 floats in [0, 1].
// Everything else (JPEG, WebP, GIF; palette, 16-bit and interlaced PNG) goes through an ImageDecoder: the browser's
// (createImageBitmap + OffscreenCanvas, in the worker) here, Node's (sharp) in scripts/experiment/nodeImage.ts.
// Sizes are read from the header first: images over MAX_IMAGE_PIXELS are refused before decoding.
import { Unzlib, unzlibSync } from 'fflate';
import { crc32 } from './crc32';
import { sniffImage, type ImageMime } from './sniff';

export interface DecodedImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
/**
 * Largest image decoded (pixels), checked from the header before any pixel is decoded. Real BeaverTails-V images
 * are photos of a few megapixels (widths up to about 10,000 px); 40 MP is e.g. 8,000 × 5,000.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Compressed bytes fed to the inflater at a time: bounds what one push can expand to (deflate ≤ 1032:1). */
const INFLATE_SLICE = 8192;
/** Images whose raw scanlines fit in this many bytes are inflated in one call; bigger ones stream. */
const ONE_SHOT_BYTES = 4 * 1024 * 1024;

/** zlib inflate; Node callers may pass node:zlib's inflateSync (whole buffer at once). */
export type Inflate = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export interface ImageHeader {
  mime: ImageMime;
  width: number;
  height: number;
}

/**
 * The image's type and pixel size from its header alone (PNG IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X, GIF screen),
 * so a decompression bomb is refused before it is decoded. Throws a clear message when the header is unreadable.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  const mime = sniffImage(bytes);
  if (!mime) throw new Error('Undecodable image: bytes are not PNG, JPEG or WebP');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = (width: number, height: number): ImageHeader => {
    if (!(width > 0 && height > 0)) throw new Error(`Corrupt ${mime.slice(6).toUpperCase()}: the header gives a size of ${width}×${height}`);
    return { mime, width, height };
  };
  const truncated = () => new Error(`Truncated ${mime.slice(6).toUpperCase()}: no image size in the header`);
  if (mime === 'image/png') {
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw truncated();
    return size(view.getUint32(16), view.getUint32(20));
  }
  if (mime === 'image/gif') {
    if (bytes.length < 10) throw truncated();
    return size(view.getUint16(6, true), view.getUint16(8, true));
  }
  if (mime === 'image/webp') {
    const chunk = bytes.length >= 16 ? String.fromCharCode(...bytes.subarray(12, 16)) : '';
    if (chunk === 'VP8 ' && bytes.length >= 30) return size(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
    if (chunk === 'VP8L' && bytes.length >= 25) {
      const bits = view.getUint32(21, true);
      return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    if (chunk === 'VP8X' && bytes.length >= 30) {
      const uint24 = (at: number) => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
      return size(uint24(24) + 1, uint24(27) + 1);
    }
    throw truncated();
  }
  // JPEG: walk the marker segments to the first start-of-frame (SOF0–SOF15 except DHT C4, JPG C8, DAC CC).
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new Error('Corrupt JPEG: bad marker before the frame header');
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return size(view.getUint16(at + 7), view.getUint16(at + 5));
    if (marker === 0xd9 || marker === 0xda) break;
    at += 2 + view.getUint16(at + 2);
  }
  throw truncated();
}

/** Refuses images over `maxPixels` (from the header), saying how big they are. */
export function checkImagePixels(header: ImageHeader, maxPixels = MAX_IMAGE_PIXELS): void {
  const pixels = header.width * header.height;
  if (pixels > maxPixels) {
    throw new Error(`Image too large: ${header.width}×${header.height} (${(pixels / 1e6).toFixed(1)} MP) is over the ${(maxPixels / 1e6).toFixed(0)} MP limit`);
  }
}

interface PngLayout {
  width: number;
  height: number;
  channels: number;
  idat: Uint8Array[];
}

/** Checks the signature, every chunk's CRC, the IHDR (8-bit, colour 0/2/4/6, not interlaced) and the size cap. */
function readPngLayout(bytes: Uint8Array, maxPixels: number): PngLayout {
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
      if (width === 0 || height === 0) throw new Error(`Corrupt PNG: the header gives a size of ${width}×${height}`);
      checkImagePixels({ mime: 'image/png', width, height }, maxPixels);
      if (bitDepth !== 8) throw new Error(`Unsupported PNG: bit depth ${bitDepth} (only 8-bit is supported)`);
      if (!(colorType in CHANNELS)) throw new Error(`Unsupported PNG: colour type ${colorType} (palette PNGs are not supported)`);
      if (interlace !== 0) throw new Error('Unsupported PNG: interlaced images are not supported');
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
  return { width, height, channels: CHANNELS[colorType], idat };
}

/**
 * Inflates the IDAT stream and hands over each unfiltered scanline (width × channels bytes) in order. Without
 * `inflateData` the stream is inflated a slice at a time (fflate), so memory stays at a few rows whatever the
 * image's size: a 6,000 × 6,000 PNG never exists as one 108 MB buffer.
 */
async function forEachPngRow(png: PngLayout, inflateData: Inflate | undefined, onRow: (row: Uint8Array, y: number) => void): Promise<void> {
  const { width, height, channels } = png;
  const stride = width * channels;
  let line = new Uint8Array(stride + 1);
  let previous = new Uint8Array(stride + 1);
  let filled = 0;
  let y = 0;
  const take = (data: Uint8Array) => {
    let at = 0;
    while (at < data.length && y < height) {
      const n = Math.min(stride + 1 - filled, data.length - at);
      line.set(data.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === stride + 1) {
        unfilterLine(line, y > 0 ? previous : null, channels, y);
        onRow(line.subarray(1), y);
        [line, previous] = [previous, line];
        filled = 0;
        y++;
      }
    }
  };
  try {
    if (inflateData) {
      take(await inflateData(concatBytes(png.idat)));
    } else if ((stride + 1) * height <= ONE_SHOT_BYTES) {
      // Small images (almost all): one call into a buffer of the exact size is much cheaper than streaming.
      const compressed = png.idat.length === 1 ? png.idat[0] : concatBytes(png.idat);
      take(unzlibSync(compressed, { out: new Uint8Array((stride + 1) * height) }));
    } else {
      const inflater = new Unzlib((chunk) => take(chunk));
      png.idat.forEach((chunk, i) => {
        for (let at = 0; at < chunk.length; at += INFLATE_SLICE) {
          inflater.push(chunk.subarray(at, Math.min(chunk.length, at + INFLATE_SLICE)), i === png.idat.length - 1 && at + INFLATE_SLICE >= chunk.length);
        }
      });
    }
  } catch (error) {
    if (/^(Corrupt|Truncated) PNG/.test((error as Error).message)) throw error;
    throw new Error(`Corrupt PNG: image data does not inflate (${(error as Error).message})`);
  }
  if (y < height) throw new Error('Truncated PNG: image data is shorter than the image');
}

/** The parts' bytes one after another, in one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of parts) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Undoes one scanline's PNG filter in place (`line[0]` is the filter type; `previous` is the unfiltered row above). */
function unfilterLine(line: Uint8Array, previous: Uint8Array | null, bpp: number, y: number): void {
  const filter = line[0];
  const n = line.length;
  switch (filter) {
    case 0:
      return;
    case 1:
      for (let x = 1 + bpp; x < n; x++) line[x] = (line[x] + line[x - bpp]) & 0xff;
      return;
    case 2:
      if (previous) for (let x = 1; x < n; x++) line[x] = (line[x] + previous[x]) & 0xff;
      return;
    case 3:
      for (let x = 1; x < n; x++) {
        const a = x > bpp ? line[x - bpp] : 0;
        const b = previous ? previous[x] : 0;
        line[x] = (line[x] + ((a + b) >> 1)) & 0xff;
      }
      return;
    case 4:
      for (let x = 1; x < n; x++) {
        const a = x > bpp ? line[x - bpp] : 0;
        const b = previous ? previous[x] : 0;
        const c = previous && x > bpp ? previous[x - bpp] : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        line[x] = (line[x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
      }
      return;
    default:
      throw new Error(`Corrupt PNG: unknown filter type ${filter} on row ${y}`);
  }
}

/** Decodes an 8-bit, non-interlaced PNG (colour types 0, 2, 4, 6; all five filters) to full-size RGBA. */
export async function decodePng(bytes: Uint8Array, inflateData?: Inflate, maxPixels = MAX_IMAGE_PIXELS): Promise<DecodedImage> {
  const png = readPngLayout(bytes, maxPixels);
  const { width, height, channels } = png;
  const rgba = new Uint8ClampedArray(width * height * 4);
  await forEachPngRow(png, inflateData, (row, y) => {
    for (let x = 0; x < width; x++) {
      const s = x * channels;
      const d = (y * width + x) * 4;
      if (channels <= 2) {
        rgba[d] = rgba[d + 1] = rgba[d + 2] = row[s];
        rgba[d + 3] = channels === 2 ? row[s + 1] : 255;
      } else {
        rgba[d] = row[s];
        rgba[d + 1] = row[s + 1];
        rgba[d + 2] = row[s + 2];
        rgba[d + 3] = channels === 4 ? row[s + 3] : 255;
      }
    }
  });
  return { width, height, rgba };
}

/**
 * PNG straight to size × size × 3 floats: each scanline is composited over white and box-averaged into the output
 * as it is inflated (the same area weights as resizeToTensorData), so memory is O(width), not O(width × height).
 */
async function pngToTensorData(bytes: Uint8Array, size: number, inflateData: Inflate | undefined, maxPixels: number): Promise<Float32Array<ArrayBuffer>> {
  const png = readPngLayout(bytes, maxPixels);
  const { width, height, channels } = png;
  const xs = inputWeights(width, size);
  const ys = inputWeights(height, size);
  const sums = new Float64Array(size * size * 3);
  const rowSums = new Float64Array(size * 3);
  await forEachPngRow(png, inflateData, (row, y) => {
    rowSums.fill(0);
    for (let x = 0, s = 0; x < width; x++, s += channels) {
      let r: number;
      let g: number;
      let b: number;
      if (channels === 3) {
        r = row[s];
        g = row[s + 1];
        b = row[s + 2];
      } else {
        const alpha = channels === 2 ? row[s + 1] / 255 : channels === 4 ? row[s + 3] / 255 : 1;
        const white = 255 * (1 - alpha);
        r = row[s] * alpha + white;
        g = (channels === 4 ? row[s + 1] : row[s]) * alpha + white;
        b = (channels === 4 ? row[s + 2] : row[s]) * alpha + white;
      }
      for (let k = xs.first[x]; k < xs.first[x + 1]; k++) {
        const o = xs.cell[k] * 3;
        const w = xs.weight[k];
        rowSums[o] += w * r;
        rowSums[o + 1] += w * g;
        rowSums[o + 2] += w * b;
      }
    }
    for (let k = ys.first[y]; k < ys.first[y + 1]; k++) {
      const base = ys.cell[k] * size * 3;
      const w = ys.weight[k];
      for (let i = 0; i < size * 3; i++) sums[base + i] += w * rowSums[i];
    }
  });
  const out = new Float32Array(size * size * 3);
  for (let i = 0; i < out.length; i++) out[i] = sums[i] / 255;
  return out;
}

/**
 * For each input index i, the output cells it falls in and its weight there (boxWeights inverted), flat:
 * entries first[i] … first[i + 1] − 1 of `cell` and `weight`.
 */
function inputWeights(n: number, size: number): { first: Int32Array; cell: Int32Array; weight: Float64Array } {
  const lists: [number, number][][] = Array.from({ length: n }, () => []);
  boxWeights(n, size).forEach(({ start, weights }, o) => weights.forEach((w, k) => lists[start + k].push([o, w])));
  const first = new Int32Array(n + 1);
  lists.forEach((list, i) => (first[i + 1] = first[i] + list.length));
  const cell = new Int32Array(first[n]);
  const weight = new Float64Array(first[n]);
  lists.forEach((list, i) => list.forEach(([o, w], k) => ((cell[first[i] + k] = o), (weight[first[i] + k] = w))));
  return { first, cell, weight };
}

/**
 * The runtime's decoder for what the pure PNG decoder does not read: JPEG, WebP, GIF, and palette, 16-bit or
 * interlaced PNG. Two implementations accept the same files: browserImageDecoder (createImageBitmap) and, in Node,
 * sharpImageDecoder (scripts/experiment/nodeImage.ts); a test decodes each PNG variant with both paths.
 */
export interface ImageDecoder {
  /** False where the runtime lacks it (the browser's decoder in Node). */
  readonly available: boolean;
  /**
   * RGBA pixels. `size`, when given, is the model's input size: the decoder may decode towards it (the browser to
   * size × size, sharp to at most 8·size a side); the result is area-resized to size × size afterwards.
   */
  decode(bytes: Uint8Array, mime: ImageMime, size?: number): Promise<DecodedImage>;
}

/** The browser's own decoder (createImageBitmap + OffscreenCanvas; the trainer worker has both). */
export const browserImageDecoder: ImageDecoder = {
  get available() {
    return typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function';
  },
  decode: (bytes, mime, size) => decodeWithBrowser(bytes, mime, size),
};

/** JPEG/WebP (and PNG variants the pure decoder rejects) through the browser's own decoder. */
async function decodeWithBrowser(bytes: Uint8Array, mime: string, resize?: number): Promise<DecodedImage> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    throw new Error(`Cannot decode ${mime} here: needs createImageBitmap and OffscreenCanvas (available in the browser worker)`);
  }
  const blob = new Blob([bytes as BlobPart], { type: mime });
  // resizeWidth/resizeHeight: the browser decodes straight to the model's size instead of a full-size bitmap.
  const bitmap = await createImageBitmap(blob, resize ? { resizeWidth: resize, resizeHeight: resize, resizeQuality: 'high' } : undefined);
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

/** Whether the pure PNG decoder refused a valid PNG it does not read (palette, 16-bit, interlaced). */
function unsupportedPng(error: unknown): boolean {
  return error instanceof Error && /^Unsupported PNG/.test(error.message);
}

/** Decodes any supported image (PNG, JPEG, WebP, GIF) to full-size RGBA; the error names the detected type. */
export async function decodeImage(
  bytes: Uint8Array,
  inflateData?: Inflate,
  maxPixels = MAX_IMAGE_PIXELS,
  decoder: ImageDecoder = browserImageDecoder,
): Promise<DecodedImage> {
  const header = readImageHeader(bytes);
  checkImagePixels(header, maxPixels);
  if (header.mime === 'image/png') {
    try {
      return await decodePng(bytes, inflateData, maxPixels);
    } catch (error) {
      // Palette, 16-bit or interlaced PNGs: the runtime's decoder still reads them.
      if (unsupportedPng(error) && decoder.available) return decoder.decode(bytes, header.mime);
      throw error;
    }
  }
  return decoder.decode(bytes, header.mime);
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

/**
 * Image bytes → size × size × 3 floats in [0, 1] for the models, decoded at the model's size: the header's
 * dimensions are checked against `maxPixels` first, 8-bit PNGs are box-averaged scanline by scanline, and other
 * formats (and PNG variants the pure decoder does not read) go through `decoder` towards size × size, then the
 * area resize.
 */
export async function preprocessImage(
  bytes: Uint8Array,
  size: number,
  inflateData?: Inflate,
  maxPixels = MAX_IMAGE_PIXELS,
  decoder: ImageDecoder = browserImageDecoder,
): Promise<Float32Array<ArrayBuffer>> {
  const header = readImageHeader(bytes);
  checkImagePixels(header, maxPixels);
  if (header.mime === 'image/png') {
    try {
      return await pngToTensorData(bytes, size, inflateData, maxPixels);
    } catch (error) {
      if (!(unsupportedPng(error) && decoder.available)) throw error;
    }
  }
  return resizeToTensorData(await decoder.decode(bytes, header.mime, size), size);
}
