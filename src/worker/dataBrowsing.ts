// The data area's browsing and editing calls: summary, record index, one record, text search, removing a source
// and setting a source's split.
import type { Split } from '../data/record';
import type { SampleRecord } from '../data/record';
import { SAMPLE_SOURCE_ID } from '../data/sample';
import { DataError } from '../data/schema';
import { indexEntry, type DatasetSummary, type RecordIndexEntry } from '../data/summary';
import type { DataStore } from './dataStore';

export function createBrowsingHandlers(store: DataStore) {
  return {
    async removeSource(sourceId: string): Promise<DatasetSummary> {
      store.removeSource(sourceId);
      return store.summary();
    },

    /**
     * Puts every record of a loaded file into the train or evaluation split (its name did not say), or back to
     * 'unknown', which no training or evaluation uses.
     */
    async setSourceSplit(sourceId: string, split: Split): Promise<DatasetSummary> {
      if (!(['train', 'evaluation', 'unknown'] as const).includes(split)) throw new DataError(`"${String(split)}" is not a split (train, evaluation or unknown)`);
      if (sourceId === SAMPLE_SOURCE_ID) throw new DataError('The bundled sample keeps its own train/evaluation split');
      if (!store.setSourceSplit(sourceId, split)) throw new DataError(`No loaded source "${sourceId}"`);
      return store.summary();
    },

    async dataSummary(): Promise<DatasetSummary> {
      return store.summary();
    },

    async listIndex(): Promise<RecordIndexEntry[]> {
      return store.getRecords().map(indexEntry);
    },

    async getRecord(id: string): Promise<SampleRecord | null> {
      return store.getRecord(id);
    },

    /** Ids of records whose question or responses contain `query` (case-insensitive). */
    async searchText(query: string): Promise<string[]> {
      const needle = query.trim().toLowerCase();
      if (!needle) return store.getRecords().map((r) => r.id);
      return store
        .getRecords()
        .filter((r) => r.question.toLowerCase().includes(needle) || r.responses.some((x) => x.text.toLowerCase().includes(needle)))
        .map((r) => r.id);
    },
  };
}
