// The replaceable parse worker (issue 26): a wedged, crashed or cancelled parse worker is terminated and a fresh one
// takes the next file; a terminated worker's late replies are ignored; the trainer's loaded data is untouched.
import { describe, expect, it } from 'vitest';
import { writePairsParquet } from '../data/testing/parquetFixtures';
import { pairRow } from '../data/testing/rows';
import { createDataHandlers } from './dataHandlers';
import { DataStore } from './dataStore';
import { inProcessParseEndpoint } from './parseEndpoints';
import type { ParseReply, ParseRequest } from './parseProtocol';
import { ParseSupervisor, type ParseEndpoint } from './parseSupervisor';

/** A parse endpoint the test drives by hand: it records what it was sent and whether it was terminated. */
class FakeEndpoint implements ParseEndpoint {
  onReply: ((reply: ParseReply) => void) | null = null;
  onCrash: ((message: string) => void) | null = null;
  requests: ParseRequest[] = [];
  terminated = false;
  post(request: ParseRequest): void {
    this.requests.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(reply: ParseReply): void {
    this.onReply?.(reply);
  }
}

function fakes() {
  const made: FakeEndpoint[] = [];
  return { made, create: () => made[made.push(new FakeEndpoint()) - 1] };
}

const job = (name: string) => ({ name, input: { kind: 'bytes' as const, bytes: new ArrayBuffer(4) }, sourceId: name, split: 'train' as const, now: 0, sidecarNames: [] });
const data = { kind: 'jsonl' as const, variant: 'pairs' as const, records: [], imageBytes: new Map(), warnings: [], rowErrors: null };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ParseSupervisor', () => {
  it('replaces a parse worker that goes quiet, naming the file; the next file goes to a fresh one', async () => {
    const { made, create } = fakes();
    const supervisor = new ParseSupervisor(create, 50);
    const stuck = supervisor.parse(job('wedge.parquet'));
    await expect(stuck).rejects.toThrow('wedge.parquet: reading the file stopped answering for 0.05 s (a step got stuck on its bytes), so it was stopped; the data loaded before is unchanged');
    expect(made).toHaveLength(1);
    expect(made[0].terminated).toBe(true);
    expect(supervisor.replacements).toBe(1);

    const next = supervisor.parse(job('good.jsonl'));
    expect(made).toHaveLength(2);
    made[1].reply({ type: 'done', id: made[1].requests[0].id, data });
    await expect(next).resolves.toEqual({ data, bytes: undefined });
    expect(made[1].terminated).toBe(false);
  });

  it('heartbeats and progress keep a slow but healthy parse alive past the quiet time', async () => {
    const { made, create } = fakes();
    const supervisor = new ParseSupervisor(create, 60);
    const activity: (string | undefined)[] = [];
    const slow = supervisor.parse(job('slow.parquet'), { onActivity: (_, message) => activity.push(message) });
    const id = made[0].requests[0].id;
    for (let i = 0; i < 5; i++) {
      await sleep(30);
      made[0].reply(i % 2 ? { type: 'alive', id } : { type: 'progress', id, fraction: i / 5, message: `Indexing ${i}` });
    }
    made[0].reply({ type: 'done', id, data });
    await expect(slow).resolves.toMatchObject({ data });
    expect(activity).toEqual(['Indexing 0', undefined, 'Indexing 2', undefined, 'Indexing 4']);
    expect(supervisor.replacements).toBe(0);
  });

  it('Cancel terminates a busy parse worker at once; idle, it keeps it', async () => {
    const { made, create } = fakes();
    const supervisor = new ParseSupervisor(create, 10_000);
    const controller = new AbortController();
    const busy = supervisor.parse(job('big.json'), { signal: controller.signal });
    controller.abort();
    await expect(busy).rejects.toThrow('Loading cancelled; the data loaded before is unchanged');
    expect(made[0].terminated).toBe(true);

    const next = supervisor.parse(job('next.json'));
    made[1].reply({ type: 'done', id: made[1].requests[0].id, data });
    await next;
    supervisor.cancel(); // nothing in hand: the worker stays
    expect(made[1].terminated).toBe(false);
    expect(supervisor.replacements).toBe(1);
  });

  it('a crash fails the jobs in hand by name; late replies of a replaced worker are ignored', async () => {
    const { made, create } = fakes();
    const supervisor = new ParseSupervisor(create, 10_000);
    const first = supervisor.parse(job('a.parquet'));
    const firstId = made[0].requests[0].id;
    const crashed = made[0];
    crashed.onCrash?.('out of memory');
    await expect(first).rejects.toThrow('a.parquet: reading the file failed (out of memory); the data loaded before is unchanged');
    const second = supervisor.parse(job('b.parquet'));
    crashed.reply({ type: 'failed', id: firstId, message: 'late' }); // the old worker's last words: dropped
    made[1].reply({ type: 'failed', id: made[1].requests[0].id, message: 'b.parquet: the file is empty' });
    await expect(second).rejects.toThrow('b.parquet: the file is empty');
  });
});

describe('a wedged parse in the data handlers', () => {
  it('ends the load with a named error within the quiet time, keeps loaded data, and the next file loads', async () => {
    const store = new DataStore();
    let endpoints = 0;
    // Every parse endpoint runs jobs in-process, except that it never answers for stuck.parquet (as a parse
    // worker stuck in a synchronous loop).
    const parseEndpoint = (): ParseEndpoint => {
      endpoints++;
      const inner = inProcessParseEndpoint((input, init) => fetch(input, init));
      const outer: ParseEndpoint = {
        onReply: null,
        onCrash: null,
        post: (request, transfer) => {
          if (request.name !== 'stuck.parquet') inner.post(request, transfer);
        },
        terminate: () => inner.terminate(),
      };
      inner.onReply = (reply) => outer.onReply?.(reply);
      return outer;
    };
    const api = createDataHandlers(store, { fetch: () => Promise.reject(new Error('offline')), baseUrl: '/', now: () => 0, parseEndpoint, parseQuietMs: 300 });
    const file = (name: string, offset: number) => new File([writePairsParquet([pairRow({}, offset), pairRow({}, offset + 1)])], name);

    expect((await api.loadFiles([file('first.parquet', 0)])).errors).toEqual([]);
    const started = Date.now();
    const stuck = await api.loadFiles([file('stuck.parquet', 20)]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stuck.errors.map((e) => e.message)).toEqual([
      'stuck.parquet: reading the file stopped answering for 0.3 s (a step got stuck on its bytes), so it was stopped; the data loaded before is unchanged, and other files can be loaded',
    ]);
    expect(store.summary().rows).toBe(2);

    const next = await api.loadFiles([file('next.parquet', 30)]);
    expect(next.errors).toEqual([]);
    expect(store.summary().rows).toBe(4);
    expect(endpoints).toBe(2); // the wedged one was replaced once
  });
});

describe('sidecar images through the parse worker', () => {
  it('records name the sidecar by an object URL made in the trainer worker, never the parse worker marker', async () => {
    const store = new DataStore();
    const api = createDataHandlers(store, { fetch: () => Promise.reject(new Error('offline')), baseUrl: '/', now: () => 0 });
    const lines = [0, 1].map((i) => JSON.stringify({ ...pairRow({}, i), image: i === 0 ? 'photo.png' : 'missing.png' })).join('\n');
    const png = pairRow({}, 0).image as { bytes: Uint8Array };
    const result = await api.loadFiles([new File([lines], 'rows.jsonl'), new File([new Uint8Array(png.bytes)], 'photo.png')]);
    expect(result.errors).toEqual([]);
    const [withSidecar, without] = store.getRecords();
    expect(withSidecar.image).toMatchObject({ kind: 'url', url: expect.stringMatching(/^blob:/) });
    expect(without.image).toEqual({ kind: 'none' });
    const image = await api.getImage(withSidecar.id);
    expect(image).toMatchObject({ kind: 'url', url: (withSidecar.image as { url: string }).url, expired: false });
  });
});
