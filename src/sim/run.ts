/**
 * The simulator's entry for running scenario data in a window: validate and simulate, without the
 * scenario-file parser (its YAML library would otherwise be loaded before the sandbox's first run).
 */
export { simulate } from './simulate.ts';
export { validateScenario } from './validate.ts';
export type { SimResult } from './result.ts';
