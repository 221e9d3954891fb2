/** Electron main: lifecycle, the app:// protocol, one hardened window, IPC. Kept thin. */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from '../ipc/csp.ts';
import { createHandlers } from '../node/handlers.ts';
import { chooseProgressFiles, chooseSaveFile } from './export-dialog.ts';
import { ipcCaller, registerIpc } from './ipc.ts';
import { appMenuTemplate } from './menu.ts';
import { PRIVILEGED_SCHEMES, registerAppProtocol } from './protocol.ts';
import { denyAllPermissions, devServerUrlFrom, hardenWebContents, isAppUrl } from './security.ts';
import { getMainWindowOptions } from './windows.ts';
import { placeOnDisplays, readWindowState, saveWindowState, WINDOW_STATE_FILE } from './window-state.ts';

const log = (msg: string) => console.warn(`[flushpoint] ${msg}`);
const devServerUrl = devServerUrlFrom(process.env, app.isPackaged);
if (process.env['ELECTRON_RENDERER_URL'] && !devServerUrl)
  log(
    `ignoring ELECTRON_RENDERER_URL=${process.env['ELECTRON_RENDERER_URL']}: not electron-vite dev on this machine`,
  );

protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);

/** Resources live beside the built app when packaged, at the repository root in a checkout. */
function resourcePath(...parts: string[]): string {
  return app.isPackaged ? join(process.resourcesPath, ...parts) : join(app.getAppPath(), ...parts);
}

async function createWindow(): Promise<void> {
  const options = getMainWindowOptions(join(__dirname, '../preload/index.cjs'));
  // Where and how large it was closed, if a display still shows that place.
  const statePath = join(app.getPath('userData'), WINDOW_STATE_FILE);
  const saved = await readWindowState(statePath);
  const placed =
    saved &&
    placeOnDisplays(
      saved.bounds,
      screen.getAllDisplays().map((d) => d.workArea),
      { width: options.minWidth ?? 0, height: options.minHeight ?? 0 },
    );
  const win = new BrowserWindow({ ...options, ...(placed ?? {}) });
  if (placed && saved.maximized) win.maximize();
  win.on('close', () => {
    try {
      saveWindowState(statePath, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      log(`the window's place was not saved: ${String(err)}`);
    }
  });
  // Also hardened by web-contents-created below; a second call adds nothing.
  hardenWebContents(win.webContents, devServerUrl, log);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devServerUrl, log));

// One app per user-data folder: a second one would keep its own copy of the progress in memory and,
// saving it, drop the attempts the first saved meanwhile. A second launch shows the first window instead.
const single = app.requestSingleInstanceLock();
if (!single) app.quit();
app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
});

/**
 * The window of the page whose IPC call asks for a dialog, so the dialog is modal to it. The focused
 * window was used: gone by the time of the call when the person had switched away, and the dialog had no
 * parent.
 */
function callerWindow(): BrowserWindow | null {
  const caller = ipcCaller();
  return caller ? BrowserWindow.fromWebContents(caller) : null;
}

void app.whenReady().then(async () => {
  if (!single) return;
  denyAllPermissions(session.defaultSession);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(appMenuTemplate({ dev: devServerUrl !== undefined, platform: process.platform })),
  );
  registerAppProtocol(session.defaultSession.protocol, join(__dirname, '../renderer'));
  const handlers = createHandlers({
    labsDir: resourcePath('labs'),
    userDataDir: app.getPath('userData'),
    appInfo: {
      version: app.getVersion(),
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      platform: process.platform,
    },
    chooseSaveFile: (kind, name) =>
      chooseSaveFile(dialog, callerWindow(), app.getPath('documents'), kind, name),
    openFolder: (path) => shell.openPath(path),
    chooseProgressFiles: () => chooseProgressFiles(dialog, callerWindow(), app.getPath('documents')),
  });
  registerIpc(
    ipcMain,
    handlers,
    (event) => {
      const frame = event.senderFrame;
      return !!frame && frame === event.sender.mainFrame && isAppUrl(frame.url, devServerUrl);
    },
    log,
  );
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
