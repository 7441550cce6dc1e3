// A --parallel worker process: runs the sweep members its parent sends, one at a time, and sends the bundles back.
import type { FromWorker, ToWorker } from './parallel';
import { realDataProvider } from './realData';
import { runExperiment } from './run';
import type { DataProvider } from './setup';

const send = (message: FromWorker) => process.send?.(message);
let data: DataProvider | undefined;

process.on('message', (message: ToWorker) => {
  void (async () => {
    const log = (line: string) => send({ kind: 'log', index: message.index, line });
    try {
      if (message.setup.data && !data) {
        data = realDataProvider({ sources: message.setup.data, defaultSplit: message.setup.defaultSplit, log, downloadLimitMb: message.setup.downloadLimitMb });
      }
      const bundle = await runExperiment(message.config, { backend: message.setup.backend, weightsDir: message.setup.weightsDir, log, warn: log, data, schedule: message.setup.schedule });
      send({ kind: 'done', index: message.index, bundle });
    } catch (error) {
      send({ kind: 'failed', index: message.index, message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
