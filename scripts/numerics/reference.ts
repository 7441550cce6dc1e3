// Writes src/train/numericsReference.json: the numerics check's fingerprint on the cpu backend (the reference every
// other backend is compared with at start-up, so the app need not compute it on cpu first). Rerun after changing the
// models, their initialisation or the check; src/train/numericsReference.test.ts fails while the file is stale.
//   node --import tsx scripts/numerics/reference.ts
import { writeFileSync } from 'node:fs';
import { setNodeBackend } from '../../src/compute/nodeBackends';
import { numericsFingerprint } from '../../src/train/numericsFingerprint';

await setNodeBackend('cpu');
const fingerprint = await numericsFingerprint();
writeFileSync('src/train/numericsReference.json', `${JSON.stringify(fingerprint, null, 1)}\n`);
console.log(`wrote ${Object.keys(fingerprint).length} values to src/train/numericsReference.json`);
