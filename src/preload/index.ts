/**
 * The preload: exposes window.api with one named method per IPC channel and nothing else. The page never
 * sees ipcRenderer or an IpcRendererEvent. Runs sandboxed, bundled to one CommonJS file.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './api.ts';

contextBridge.exposeInMainWorld(
  'api',
  buildApi((channel, args) => ipcRenderer.invoke(channel, ...args)),
);
