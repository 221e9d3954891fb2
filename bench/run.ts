/** `npm run bench`: every benchmark of the project, each printing its figures. */
import { benchSimulator } from './sim.bench.ts';

console.log(`Flushpoint benchmarks (Node ${process.version}, ${new Date().toISOString()})`);
benchSimulator();
