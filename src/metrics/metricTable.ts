/**
 * Column-oriented, growable metric storage for one stream (e.g. 'ppo'), kept outside React state. Appends are
 * amortised O(1); `column()` returns a view of the filled part without copying.
 */
export class MetricTable {
  private data: Float64Array[];
  private capacity = 256;
  length = 0;

  constructor(readonly columns: readonly string[]) {
    this.data = columns.map(() => new Float64Array(this.capacity));
  }

  /** Appends row-major rows (n × columns.length values). */
  append(rows: Float64Array | readonly number[]): void {
    const width = this.columns.length;
    const count = Math.floor(rows.length / width);
    if (this.length + count > this.capacity) {
      while (this.length + count > this.capacity) this.capacity *= 2;
      this.data = this.data.map((old) => {
        const grown = new Float64Array(this.capacity);
        grown.set(old.subarray(0, this.length));
        return grown;
      });
    }
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < width; c++) this.data[c][this.length] = rows[r * width + c];
      this.length++;
    }
  }

  column(name: string): Float64Array {
    const index = this.columns.indexOf(name);
    if (index < 0) return new Float64Array(0);
    return this.data[index].subarray(0, this.length);
  }

  last(name: string): number | undefined {
    const column = this.column(name);
    return column.length ? column[column.length - 1] : undefined;
  }

  /** Rows as objects (exports, run history). */
  toRows(): Record<string, number>[] {
    return Array.from({ length: this.length }, (_, r) =>
      Object.fromEntries(this.columns.map((name, c) => [name, this.data[c][r]])),
    );
  }

  clear(): void {
    this.length = 0;
  }
}
