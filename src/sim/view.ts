/**
 * The simulator's second public entry, for views: the data helpers and constants without the xstate
 * machines, so a screen that only shows results does not load the model that makes them.
 */
export * from './scenario.ts';
export * from './result.ts';
export { attrLabel, attrKey, IMAGE_BASE, IMAGE_LINES } from './cache.ts';
export {
  diffResults,
  newKernelState,
  newKernelSummary,
  relocateKernelLabel,
  sameRowsSummary,
  smeSupportedNotShown,
  type ResultDiff,
  type WbinvdDiffRow,
} from './compare.ts';
export { applyCacheEffect } from './replay.ts';
export { pathFromMainline, WBINVD_SITE_FNS } from './kernel-files.ts';
export {
  faultApplies,
  faultIndexFor,
  faultLabel,
  faultOutcomes,
  faultWords,
  type FaultOutcome,
  type FaultReader,
} from './faults.ts';
export { TDX_CORRUPTION_INF, tdxCorruptionInferred } from './tdx-corruption.ts';
export { citeSteps, count, cpuRangeList, cpuRanges, cpusLabel } from './words.ts';
