/** The screens loaded on demand (see App.svelte). */
export { default as Home } from './screens/Home.svelte';
export { default as LabScreen } from './screens/LabScreen.svelte';
export { default as Results } from './screens/Results.svelte';
export { default as Grade } from './screens/Grade.svelte';
export { default as Glossary } from './screens/Glossary.svelte';
