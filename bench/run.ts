/** `npm run bench`: every benchmark of the project, each printing its figures. */
import { benchLabs } from './lab.bench.ts';
import { benchSimulator } from './sim.bench.ts';
import { benchUi } from './ui.bench.ts';

console.log(`Flushpoint benchmarks (Node ${process.version}, ${new Date().toISOString()})`);
benchSimulator();
await benchLabs();
await benchUi();
