/**
 * The application menu. Electron's default one gives every student View › Reload (Ctrl+R), which reloads
 * the page mid-exercise, and Toggle Developer Tools (Ctrl+Shift+I), plus Help links to Electron's web
 * site. This one keeps what a person using the app needs: copy and paste in answers, zoom for reading,
 * full screen, and quitting. Reload and the developer tools are there only under `npm run dev`.
 */
import type { MenuItemConstructorOptions } from 'electron';

export function appMenuTemplate(options: { dev: boolean; platform: string }): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.dev)
    view.push({ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  return [
    // macOS puts About, Hide and Quit in a menu named after the app.
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
