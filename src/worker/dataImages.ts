// The data area's image call: one record's image for the explorer, as bytes, a URL or the reason there is none.
import * as Comlink from 'comlink';
import type { ImagePayload } from '../data/summary';
import { errorText } from '../util/errorText';
import type { DataStore } from './dataStore';

export function createImageHandlers(store: DataStore, now: () => number) {
  return {
    /** The record's image: bytes (transferred, not copied twice), a URL (flagged if expired) or why there is none. */
    async getImage(id: string): Promise<ImagePayload> {
      const record = store.getRecord(id);
      if (!record) return { kind: 'none', reason: `No record "${id}"` };
      try {
        const image = await store.getImageBytes(id);
        if ('url' in image) {
          const expires = record.image.kind === 'url' ? record.image.expires : undefined;
          return { kind: 'url', url: image.url, expired: expires !== undefined && expires < now() };
        }
        const bytes = image.bytes.slice(); // the store keeps its cached copy; this one is transferred
        return Comlink.transfer({ kind: 'bytes', bytes, mime: image.mime }, [bytes.buffer]);
      } catch (error) {
        return { kind: 'none', reason: errorText(error) };
      }
    },
  };
}
