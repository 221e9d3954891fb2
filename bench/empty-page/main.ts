import { mount } from 'svelte';
import App from './App.svelte';
// The same startup marks as the app's, read by the bench in the same way.
import { markStartup } from '../../src/renderer/src/lib/startup-marks.ts';

mount(App, { target: document.getElementById('app') as HTMLElement });
markStartup();
