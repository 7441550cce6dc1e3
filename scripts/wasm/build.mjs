// Rebuilds src/compute/wasmLoopsBinary.ts from scripts/wasm/loops.wat (wabt, a dev dependency):
// `node scripts/wasm/build.mjs`. scripts/wasm/build.test.ts fails while the two disagree.
import { writeFileSync } from 'node:fs';
import { assembleLoops, BINARY_MODULE } from './assemble.mjs';

const text = await assembleLoops();
writeFileSync(BINARY_MODULE, text);
console.log(`src/compute/wasmLoopsBinary.ts: ${text.split('\n')[0].replace(/^.*\((.*)\).*$/, '$1')}`);
