import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { markStartup } from './lib/startup-marks.ts';
import { applyStoredTheme } from './lib/theme.svelte.ts';

applyStoredTheme();
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });
markStartup();
