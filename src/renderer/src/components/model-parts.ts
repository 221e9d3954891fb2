/**
 * The parts of a model view that come after its first paint (timeline, tables, caches, outcome, text
 * view): a chunk of their own, so the first screen's script holds only the controls and the CPU grid.
 */
export { default as CacheView } from './CacheView.svelte';
export { default as OutcomePanel } from './OutcomePanel.svelte';
export { default as TextTwin } from './TextTwin.svelte';
export { default as Timeline } from './Timeline.svelte';
export { default as WbinvdTable } from './WbinvdTable.svelte';
export { default as WritebackOrder } from './WritebackOrder.svelte';
export { default as WhyBySite } from './WhyBySite.svelte';
export { default as GlossaryNote } from './GlossaryNote.svelte';
