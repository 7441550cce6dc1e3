// A record's image as guard input: read (bytes held by the data store, or fetched from a signed URL) and decoded; a
// missing or unreadable image becomes a blank grey one with a note saying why.
import { preprocessImage } from '../../data/image';
import type { SampleRecord } from '../../data/record';
import { errorText } from '../../util/errorText';

/** Where a record's image bytes are: held bytes, or a URL to fetch. */
export type RecordImagePayload = { bytes: Uint8Array } | { url: string };

/** Reads the image of a loaded record by id (the worker's data store); throws with the reason it cannot. */
export type RecordImageReader = (recordId: string) => Promise<RecordImagePayload>;

/** A blank grey image (0.5 in every channel) of size × size. */
export function blankImage(size: number): Float32Array {
  return new Float32Array(size * size * 3).fill(0.5);
}

/** Decodes image bytes to model input; the error names `what` ("the uploaded image") and the decoder's reason. */
export async function decodeImage(bytes: Uint8Array, what: string, size: number): Promise<Float32Array> {
  try {
    return await preprocessImage(bytes, size);
  } catch (error) {
    throw new Error(`${what[0].toUpperCase()}${what.slice(1)} could not be decoded: ${errorText(error)}`);
  }
}

async function fetchImage(url: string, record: SampleRecord): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`The image of ${record.id} could not be fetched (${errorText(error)})`);
  }
  if (!response.ok) {
    const expires = record.image.kind === 'url' ? record.image.expires : undefined;
    const hint =
      expires !== undefined && expires * 1000 < Date.now()
        ? ' (its signed URL has expired: reload the rows JSON)'
        : '';
    throw new Error(`The image of ${record.id} could not be fetched: HTTP ${response.status}${hint}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The record's image as model input. A record without an image, or whose image cannot be read or decoded, gets a
 * blank grey image and a note saying why (the verdict then ignores the real image).
 */
export async function imageOf(
  record: SampleRecord,
  size: number,
  readImage: RecordImageReader,
): Promise<{ pixels: Float32Array; note: string | null }> {
  if (record.image.kind === 'none') {
    return { pixels: blankImage(size), note: 'This sample has no image; a blank grey image stood in.' };
  }
  try {
    const payload = await readImage(record.id);
    const bytes = 'bytes' in payload ? payload.bytes : await fetchImage(payload.url, record);
    return { pixels: await decodeImage(bytes, `the image of ${record.id}`, size), note: null };
  } catch (error) {
    return {
      pixels: blankImage(size),
      note: `${errorText(error).replace(/\.$/, '')}. A blank grey image stood in, so these verdicts ignore the real image.`,
    };
  }
}

/** Images of several records, decoded in parallel; failures become blank images and are counted. */
export async function imagesFor(
  records: readonly SampleRecord[],
  size: number,
  readImage: RecordImageReader,
): Promise<{ pixels: Float32Array; failures: number }> {
  const pixels = size * size * 3;
  const out = new Float32Array(records.length * pixels);
  const images = await Promise.all(records.map((r) => imageOf(r, size, readImage)));
  let failures = 0;
  images.forEach((image, i) => {
    out.set(image.pixels, i * pixels);
    if (image.note && records[i].image.kind !== 'none') failures++;
  });
  return { pixels: out, failures };
}
