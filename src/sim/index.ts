/** The simulator's public API: everything outside src/sim imports from here (views that only show results may use ./view.ts, which leaves the machines out; a window that runs scenario data, ./run.ts, which leaves the file parser out). */
export * from './scenario.ts';
export * from './result.ts';
export { simulate } from './simulate.ts';
export { validateScenario } from './validate.ts';
export { EMPTY_SCENARIO, parseScenarioText } from './parse.ts';
export { formatTimeline, toContractJson } from './format.ts';
export { applyCacheEffect, cacheStateAt, flagsAt } from './replay.ts';
export { attrLabel, attrKey, IMAGE_BASE, IMAGE_LINES } from './cache.ts';
export { cpuMachine } from './machines/cpu.ts';
export { stopMachine } from './machines/stop.ts';
export {
  kexecMachine,
  RELOC_KERNEL_CACHE_INCOHERENT,
  RELOC_KERNEL_PRESERVE_CONTEXT,
} from './machines/kexec.ts';
export { KERNEL_FILES, pathFromMainline, WBINVD_SITE_FNS } from './kernel-files.ts';
export {
  COMPARE_MODES,
  compareVariant,
  diffResults,
  newKernelState,
  newKernelSummary,
  relocateKernelLabel,
  sameRowsSummary,
  smeSupportedNotShown,
  type CompareMode,
  type ResultDiff,
  type WbinvdDiffRow,
} from './compare.ts';
export {
  faultApplies,
  faultIndexFor,
  faultLabel,
  faultOutcomes,
  faultWords,
  type FaultOutcome,
  type FaultReader,
} from './faults.ts';
export { documentData, lineOf } from './parse.ts';
export { TDX_CORRUPTION_INF, tdxCorruptionInferred } from './tdx-corruption.ts';
