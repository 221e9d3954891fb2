/**
 * The corruption the cache model shows on a TDX host is the model's inference: the reference gives the
 * rule (the host flushes caches before TDX private memory is reused, with no SEAMCALL after the flush,
 * where the module reports CLFLUSH_BEFORE_ALLOC: TDX 1.5 base spec §8.6.1, via the v6 cover letter,
 * [LIST]) but not what a private-KeyID line written back late does to the new kernel. Every view that
 * shows that corruption carries this caveat.
 */
import type { SimResult } from './result.ts';

/** The caveat's words, said wherever a TDX run's new kernel is shown corrupted or at risk. */
export const TDX_CORRUPTION_INF =
  "On TDX the reference gives the rule, not its effect: the host must flush the caches before TDX private memory is reused, with no SEAMCALL after the flush, where the TDX module reports CLFLUSH_BEFORE_ALLOC (TDX 1.5 base spec §8.6.1, as the series cites it [LIST]). What a dirty private-KeyID line written back after the copy does to the new kernel it does not say; the model overwrites the new kernel's bytes with it, as on SME. That corruption is the model's inference [INF].";

/** Whether a run's new kernel is shown corrupted or at risk on a TDX (KeyID) host: then the caveat applies. */
export function tdxCorruptionInferred(r: Pick<SimResult, 'memory'>): boolean {
  const m = r.memory;
  return m !== null && m.image_attr.kind === 'keyid' && (m.corrupted > 0 || m.at_risk > 0);
}
