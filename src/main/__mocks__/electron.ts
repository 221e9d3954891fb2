/**
 * A stand-in for the parts of `electron` that src/main and src/preload use. Every test file gets its own
 * copy (vitest isolates modules per file), so tests may inspect and reset these fakes freely.
 * Importing the real package from a test would start a binary download: never do that.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

/** A fake WebContents: records its listeners and its window-open handler. */
export function fakeWebContents(url = 'app://flushpoint/index.html') {
  const listeners = new Map<string, Listener[]>();
  const mainFrame = { url };
  return {
    listeners,
    mainFrame,
    on: vi.fn((name: string, fn: Listener) => {
      listeners.set(name, [...(listeners.get(name) ?? []), fn]);
    }),
    setWindowOpenHandler: vi.fn(),
    /** Calls every listener of `name`; returns whether one called event.preventDefault(). */
    emit(name: string, ...args: unknown[]): boolean {
      const event = { preventDefault: vi.fn() };
      for (const fn of listeners.get(name) ?? []) fn(event, ...args);
      return event.preventDefault.mock.calls.length > 0;
    },
  };
}

/** A fake Session with a fake protocol object. */
export function fakeSession() {
  return {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    protocol: { handle: vi.fn() },
  };
}

export const app = {
  isPackaged: false,
  on: vi.fn(),
  whenReady: vi.fn(() => Promise.resolve()),
  getAppPath: vi.fn(() => process.cwd()),
  getPath: vi.fn((_name: string) => join(tmpdir(), `flushpoint-electron-mock-${process.pid}`)),
  getVersion: vi.fn(() => '0.0.0-test'),
  quit: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
};

export class BrowserWindow {
  static instances: BrowserWindow[] = [];
  static getAllWindows = vi.fn(() => BrowserWindow.instances);
  static fromWebContents = vi.fn(
    (contents: unknown) => BrowserWindow.instances.find((w) => w.webContents === contents) ?? null,
  );
  static getFocusedWindow = vi.fn((): BrowserWindow | null => null);
  readonly webContents = fakeWebContents();
  readonly once = vi.fn();
  readonly on = vi.fn();
  readonly show = vi.fn();
  readonly maximize = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  readonly restore = vi.fn();
  readonly focus = vi.fn();
  readonly isMaximized = vi.fn(() => false);
  readonly getNormalBounds = vi.fn(() => ({ x: 0, y: 0, width: 1280, height: 800 }));
  readonly loadURL = vi.fn(() => Promise.resolve());
  constructor(readonly options: unknown) {
    BrowserWindow.instances.push(this);
  }
}

export const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };

export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };

export const session = { defaultSession: fakeSession() };

export const contextBridge = { exposeInMainWorld: vi.fn() };

/** One 1920x1080 display. */
export const screen = {
  getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]),
};

export const ipcRenderer = { invoke: vi.fn() };

/** A menu is its template, so tests can read what it holds. */
export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn(),
};

/** Dialogs that are cancelled. */
export const dialog = {
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
};

export const shell = { openPath: vi.fn(async (_path: string) => '') };

export default {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  screen,
  session,
  contextBridge,
  ipcRenderer,
  Menu,
  dialog,
  shell,
};
