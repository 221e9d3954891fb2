import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from './menu.ts';

/** Every role in a menu template, submenus included. */
function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [
    ...(i.role ? [i.role] : []),
    ...(Array.isArray(i.submenu) ? roles(i.submenu) : []),
  ]);
}

describe('application menu', () => {
  it.each(['linux', 'win32', 'darwin'])(
    'on %s, without npm run dev: no reload, no developer tools',
    (platform) => {
      const r = roles(appMenuTemplate({ dev: false, platform }));
      for (const refused of ['reload', 'forceReload', 'toggleDevTools', 'viewMenu', 'help'])
        expect(r).not.toContain(refused);
      for (const kept of ['copy', 'paste', 'cut', 'selectAll', 'undo', 'zoomIn', 'zoomOut', 'resetZoom'])
        expect(r).toContain(kept);
      // Quitting: File › Quit, or on macOS the app menu's Quit.
      expect(r).toContain(platform === 'darwin' ? 'appMenu' : 'quit');
    },
  );

  it('under npm run dev, keeps reload and the developer tools', () => {
    expect(roles(appMenuTemplate({ dev: true, platform: 'linux' }))).toEqual(
      expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']),
    );
  });
});
