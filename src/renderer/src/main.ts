import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { markStartup } from './lib/startup-marks.ts';
import { applyStoredTheme } from './lib/theme.svelte.ts';

applyStoredTheme();
// The app places the page itself (an exercise in the address is scrolled to, a step opens at its top).
// Left to the browser, a reload put back the old scroll offset or not, as the screen's data came before
// or after its try: the same address opened in two places.
history.scrollRestoration = 'manual';
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });
markStartup();
