import { benchBrowserScaled } from './browser';
const backends = (process.argv[2] ?? 'webgpu').split(',');
const r = await benchBrowserScaled(backends, [1], Number(process.argv[3] ?? 1), Number(process.argv[4] ?? 1), 4897);
console.log(JSON.stringify(r.adapters.webgpu));
for (const e of r.entries) console.log(JSON.stringify(e));
