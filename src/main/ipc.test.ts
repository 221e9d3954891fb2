import type { IpcMain } from 'electron';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, MAX_DEPTH, type Channel } from '../ipc/contract.ts';
import { dispatch, ipcCaller, registerIpc, type Handlers, type SenderCheck } from './ipc.ts';

function fakeHandlers(): Record<Channel, ReturnType<typeof vi.fn>> & Handlers {
  return Object.fromEntries(
    CHANNEL_NAMES.map((c) => [c, vi.fn(async (...args: unknown[]) => ({ channel: c, args }))]),
  ) as Record<Channel, ReturnType<typeof vi.fn>> & Handlers;
}

type Listener = (event: unknown, ...args: unknown[]) => Promise<unknown>;

/** Registers on a fake ipcMain and returns a way to invoke a channel as Electron would. */
function setup(trusted: boolean | SenderCheck = true) {
  const ipcMain = { handle: vi.fn() };
  const handlers = fakeHandlers();
  const log = vi.fn();
  const isTrusted = typeof trusted === 'function' ? trusted : vi.fn(() => trusted);
  registerIpc(ipcMain as unknown as IpcMain, handlers, isTrusted, log);
  const listeners = new Map(ipcMain.handle.mock.calls as [string, Listener][]);
  const invoke = (channel: string, ...args: unknown[]) => {
    const listener = listeners.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener({ senderFrame: null, sender: {} }, ...args);
  };
  return { ipcMain, handlers, log, isTrusted, invoke };
}

describe('registerIpc', () => {
  it('registers every channel of the contract, once, and nothing else', () => {
    const { ipcMain } = setup();
    const names = ipcMain.handle.mock.calls.map(([name]) => name as string);
    expect(names.sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('refuses a call from an untrusted sender without calling the handler', async () => {
    const { invoke, handlers, log } = setup(false);
    for (const channel of CHANNEL_NAMES) {
      await expect(invoke(channel)).resolves.toEqual({ ok: false, error: 'untrusted sender' });
      expect(handlers[channel]).not.toHaveBeenCalled();
    }
    expect(log).toHaveBeenCalledWith('refused IPC app:info from an untrusted sender');
  });

  it('passes the event to the sender check', async () => {
    const { invoke, isTrusted } = setup(true);
    await invoke('app:info');
    expect(isTrusted).toHaveBeenCalledWith({ senderFrame: null, sender: {} });
  });

  it('tells a handler whose page called it, through its awaits, and nothing outside a call', async () => {
    const ipcMain = { handle: vi.fn() };
    const seen: unknown[] = [];
    const handlers = fakeHandlers();
    handlers['progress:export'].mockImplementation(async () => {
      await new Promise((r) => setImmediate(r));
      seen.push(ipcCaller());
    });
    registerIpc(ipcMain as unknown as IpcMain, handlers, () => true, vi.fn());
    const listener = new Map(ipcMain.handle.mock.calls as [string, Listener][]).get('progress:export')!;
    const [a, b] = [{ page: 'a' }, { page: 'b' }];
    await Promise.all([
      listener({ senderFrame: null, sender: a }),
      listener({ senderFrame: null, sender: b }),
    ]);
    expect(seen).toEqual([a, b]);
    expect(ipcCaller()).toBeUndefined();
  });

  it('answers a good call from a trusted sender with {ok: true, value}', async () => {
    const { invoke, handlers } = setup(true);
    await expect(invoke('labs:get', 'why-flush')).resolves.toEqual({
      ok: true,
      value: { channel: 'labs:get', args: ['why-flush'] },
    });
    expect(handlers['labs:get']).toHaveBeenCalledExactlyOnceWith('why-flush');
  });

  it('refuses bad arguments from a trusted sender, naming the argument', async () => {
    const { invoke, handlers } = setup(true);
    const result = await invoke('labs:get', 42);
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('labId') });
    expect(handlers['labs:get']).not.toHaveBeenCalled();
  });
});

describe('dispatch', () => {
  it('answers a good call with {ok: true, value}', async () => {
    const handlers = fakeHandlers();
    handlers['app:info'].mockResolvedValue({ version: '1' });
    await expect(dispatch(handlers, 'app:info', [], vi.fn())).resolves.toEqual({
      ok: true,
      value: { version: '1' },
    });
  });

  it.each([
    'nope',
    'labs:delete',
    'toString',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    '',
    42,
    null,
    undefined,
    { channel: 'app:info' },
  ])('refuses the unknown channel %j', async (channel) => {
    const handlers = fakeHandlers();
    const log = vi.fn();
    const result = await dispatch(handlers, channel, [], log);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^unknown channel/) });
    for (const c of CHANNEL_NAMES) expect(handlers[c]).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^refused IPC: unknown channel/));
  });

  it.each<[Channel, unknown[], string]>([
    ['labs:get', [], 'labId'],
    ['labs:get', [42], 'labId'],
    ['labs:get', ['../../etc'], 'labId'],
    ['labs:get', ['a', 'b'], 'labId'],
    ['labs:get', ['x'.repeat(500)], 'labId'],
    ['progress:save-attempt', ['not an object'], 'attempt'],
    ['progress:save-attempt', [null], 'attempt'],
    ['progress:save-attempt', [[1, 2]], 'attempt'],
    ['progress:save-attempt', [{ big: 'x'.repeat(1_100_000) }], 'attempt'],
    ['progress:set-profile', [], 'profile'],
    ['progress:set-profile', [{ big: 'x'.repeat(20_000) }], 'profile'],
    ['app:info', ['extra'], 'no arguments'],
    ['progress:load', [1, 2], 'no arguments'],
    ['scenario:save', [], 'scenario'],
    ['scenario:save', [{ kernel: 'after' }], 'scenario'],
    ['scenario:save', ['   '], 'scenario'],
    ['scenario:save', ['kernel: after', 'extra'], 'scenario'],
    ['scenario:save', ['x'.repeat(300 * 1024)], 'scenario'],
    ['grade:open-files', ['/etc/passwd'], 'no arguments'],
    ['grade:save-csv', ['a,b'], 'which, csv'],
    ['grade:save-csv', ['../x.csv', 'a,b'], 'which'],
    ['grade:save-csv', ['scores', ''], 'csv'],
    ['grade:save-csv', ['scores', { rows: 1 }], 'csv'],
  ])('refuses %s with %j, naming %s', async (channel, args, name) => {
    const handlers = fakeHandlers();
    const result = await dispatch(handlers, channel, args, vi.fn());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(channel);
    expect(!result.ok && result.error).toContain(name);
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('refuses an object nested deeper than the contract allows, naming the argument', async () => {
    const nest = (depth: number): unknown => (depth === 0 ? 0 : [nest(depth - 1)]);
    const handlers = fakeHandlers();
    // A few kilobytes nested thousands deep: once saved, an indented progress.json of tens of megabytes.
    const deep = { id: 'junk1', answer: nest(3800) };
    expect(JSON.stringify(deep).length).toBeLessThan(10_000);
    await expect(dispatch(handlers, 'progress:save-attempt', [deep], vi.fn())).resolves.toEqual({
      ok: false,
      error: `progress:save-attempt: attempt is nested too deep (more than ${MAX_DEPTH} levels of lists and objects)`,
    });
    await expect(
      dispatch(handlers, 'progress:set-profile', [{ name: nest(MAX_DEPTH) }], vi.fn()),
    ).resolves.toMatchObject({ ok: false, error: expect.stringContaining('profile is nested too deep') });
    expect(handlers['progress:save-attempt']).not.toHaveBeenCalled();
    expect(handlers['progress:set-profile']).not.toHaveBeenCalled();
    // The attempt itself is one level: an answer as deep as the bound minus that one still passes.
    const atBound = { id: 'ok', answer: nest(MAX_DEPTH - 1) };
    await expect(dispatch(handlers, 'progress:save-attempt', [atBound], vi.fn())).resolves.toMatchObject({
      ok: true,
    });
  });

  it('refuses arguments that are not a list', async () => {
    const result = await dispatch(fakeHandlers(), 'app:info', 'x' as unknown as unknown[], vi.fn());
    expect(result).toEqual({ ok: false, error: 'arguments must be a list' });
  });

  it.each<[string, () => unknown, string]>([
    ['an Error', () => Promise.reject(new Error('disk full')), 'disk full'],
    ['a string', () => Promise.reject('plain string'), 'plain string'],
    [
      'synchronously',
      () => {
        throw new TypeError('sync boom');
      },
      'sync boom',
    ],
    ['an object without toString', () => Promise.reject(Object.create(null)), 'unknown error'],
  ])('turns a handler throwing %s into {ok: false, error} and never throws', async (_, impl, message) => {
    const handlers = fakeHandlers();
    handlers['progress:load'].mockImplementation(impl);
    const log = vi.fn();
    await expect(dispatch(handlers, 'progress:load', [], log)).resolves.toEqual({
      ok: false,
      error: message,
    });
    expect(log).toHaveBeenCalledWith(`IPC progress:load failed: ${message}`);
  });
});

describe('main/index.ts wiring (electron mocked)', async () => {
  const electron = await import('./__mocks__/electron.ts');
  const userData = mkdtempSync(join(tmpdir(), 'fp-userdata-'));
  electron.app.getPath.mockReturnValue(userData);
  // Closed last time maximised, at a place the display still shows.
  writeFileSync(
    join(userData, 'window.json'),
    JSON.stringify({ bounds: { x: 40, y: 30, width: 1500, height: 900 }, maximized: true }),
  );
  vi.spyOn(console, 'warn').mockImplementation(() => undefined); // main's log of what it refused
  const { PRIVILEGED_SCHEMES } = await import('./protocol.ts');
  await import('./index.ts');
  await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1));
  const win = electron.BrowserWindow.instances[0]!;
  const listeners = new Map(electron.ipcMain.handle.mock.calls as [string, Listener][]);

  const frame = (url: string) => ({ url });
  const call = (event: unknown, channel: Channel, ...args: unknown[]) =>
    listeners.get(channel)!(event, ...args);

  it('registers app:// as privileged before ready, then serves it on the default session', () => {
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith(PRIVILEGED_SCHEMES);
    expect(electron.session.defaultSession.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('denies all permissions on the default session', () => {
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(electron.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
  });

  it('opens one hardened, sandboxed window at the app origin', () => {
    const options = win.options as { webPreferences: Record<string, unknown> };
    expect(options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(String(options.webPreferences['preload'])).toMatch(/preload[/\\]index\.cjs$/);
    expect(win.loadURL).toHaveBeenCalledWith('app://flushpoint/index.html');
    expect(win.webContents.setWindowOpenHandler).toHaveBeenCalled();
    expect(win.webContents.emit('will-navigate', 'https://example.com/')).toBe(true);
  });

  it('opens where it was closed, and saves its place as it closes', () => {
    expect(win.options).toMatchObject({ x: 40, y: 30, width: 1500, height: 900 });
    expect(win.maximize).toHaveBeenCalled();
    const onClose = win.on.mock.calls.find(([name]) => name === 'close')?.[1] as () => void;
    win.getNormalBounds.mockReturnValue({ x: 5, y: 6, width: 1100, height: 700 });
    onClose();
    expect(JSON.parse(readFileSync(join(userData, 'window.json'), 'utf8'))).toEqual({
      bounds: { x: 5, y: 6, width: 1100, height: 700 },
      maximized: false,
    });
  });

  it('a second launch shows this window instead of running a second app on the same progress', () => {
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
    const onSecond = electron.app.on.mock.calls.find(
      ([name]) => name === 'second-instance',
    )?.[1] as () => void;
    win.isMinimized.mockReturnValue(true);
    onSecond();
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('sets a menu without reload or developer tools (not run by npm run dev)', () => {
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const menu = electron.Menu.setApplicationMenu.mock.calls[0]![0] as { template: unknown };
    const text = JSON.stringify(menu.template);
    expect(text).toContain('"copy"');
    expect(text).not.toMatch(/"(reload|forceReload|toggleDevTools)"/);
  });

  it('opens a dialog on the window of the page that asked, not whichever has the focus', async () => {
    const other = new electron.BrowserWindow({});
    electron.BrowserWindow.getFocusedWindow.mockReturnValue(other);
    try {
      const event = { senderFrame: win.webContents.mainFrame, sender: win.webContents };
      await expect(call(event, 'progress:export')).resolves.toEqual({ ok: true, value: { saved: null } });
      await expect(call(event, 'grade:open-files')).resolves.toEqual({ ok: true, value: null });
      expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith(win, expect.anything());
      expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(win, expect.anything());
    } finally {
      electron.BrowserWindow.instances.splice(electron.BrowserWindow.instances.indexOf(other), 1);
    }
  });

  it('hardens every other web contents created later', () => {
    const onCreated = electron.app.on.mock.calls.find(([name]) => name === 'web-contents-created');
    expect(onCreated).toBeDefined();
    const contents = electron.fakeWebContents();
    (onCreated![1] as (e: unknown, c: unknown) => void)({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.emit('will-attach-webview', {}, {})).toBe(true);
  });

  it('registers every channel and answers the main frame of an app page', async () => {
    expect([...listeners.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    const main = frame('app://flushpoint/index.html');
    const result = await call({ senderFrame: main, sender: { mainFrame: main } }, 'app:info');
    expect(result).toMatchObject({ ok: true, value: { version: '0.0.0-test', platform: process.platform } });
  });

  it('refuses a subframe, a foreign page, a missing frame and another app host', async () => {
    const main = frame('app://flushpoint/index.html');
    const foreign = frame('https://example.com/');
    const events = [
      { senderFrame: frame('app://flushpoint/index.html'), sender: { mainFrame: main } },
      { senderFrame: foreign, sender: { mainFrame: foreign } },
      { senderFrame: null, sender: { mainFrame: main } },
      { senderFrame: frame('app://other/'), sender: { mainFrame: frame('app://other/') } },
    ];
    for (const event of events)
      expect(await call(event, 'app:info')).toEqual({ ok: false, error: 'untrusted sender' });
  });
});
