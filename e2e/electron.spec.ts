/**
 * The real Electron app, where a binary exists (set ELECTRON_OVERRIDE_DIST_PATH, or after
 * `npx install-electron` on a machine with network). Elsewhere these tests are skipped, saying why.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { progressOf } from '../src/lab/progress/fixture.ts';
import { CSP } from '../src/ipc/csp.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { fetchRefusedBy } from './csp.ts';

const ROOT = resolve(import.meta.dirname, '..');

function electronBinary(): string | null {
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const exe = join(
      override,
      process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron',
    );
    return existsSync(exe) ? exe : null;
  }
  const pathTxt = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const exe = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

const binary = electronBinary();
const reason =
  'no Electron binary here (Electron 42+ downloads it lazily and this machine is offline): set ELECTRON_OVERRIDE_DIST_PATH or run `npx install-electron` to run these specs';

/**
 * The app with a fresh user-data folder, its save dialog answering `target` as the student's choice
 * (which a test cannot click): main's own dialog code runs up to the dialog itself.
 */
async function launchSavingTo(target: string) {
  const userData = mkdtempSync(join(tmpdir(), 'fp-electron-'));
  const app = await electron.launch({
    executablePath: binary as string,
    args: [ROOT, `--user-data-dir=${userData}`],
  });
  await app.evaluate(({ dialog }, path) => {
    dialog.showSaveDialog = (async () => ({
      canceled: false,
      filePath: path,
    })) as typeof dialog.showSaveDialog;
  }, target);
  return { app, win: await app.firstWindow() };
}

test.describe('Electron app', () => {
  test.skip(!binary, reason);
  if (!binary) console.log(`[electron specs] skipped: ${reason}`);

  test('opens the sandbox in a hardened window with the preload bridge', async () => {
    const app = await electron.launch({ executablePath: binary as string, args: [ROOT] });
    const win = await app.firstWindow();
    await expect(win.getByRole('heading', { name: 'Sandbox' })).toBeVisible();
    expect(win.url()).toMatch(/^app:\/\/flushpoint\//);
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0];
      // Not in Electron's typings, but present at runtime: the preferences the page really got.
      type Prefs = { sandbox?: boolean; contextIsolation?: boolean; nodeIntegration?: boolean };
      const p = (
        w?.webContents as unknown as { getLastWebPreferences?: () => Prefs }
      ).getLastWebPreferences?.();
      return {
        sandbox: p?.sandbox,
        contextIsolation: p?.contextIsolation,
        nodeIntegration: p?.nodeIntegration,
      };
    });
    expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const labs = await win.evaluate(async () => {
      const api = (globalThis as unknown as { api: { labsList: () => Promise<{ ok: boolean }> } }).api;
      return (await api.labsList()).ok;
    });
    expect(labs).toBe(true);
    await app.close();
  });

  test('sends its CSP, loads nothing remote, stays on the app, and refuses a malformed call', async () => {
    const app = await electron.launch({ executablePath: binary as string, args: [ROOT] });
    // main says on stderr what it refused (src/main/security.ts): the test waits for those words.
    let said = '';
    app.process().stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const saying = (words: string) =>
      expect.poll(() => said, { message: `main's stderr says "${words}"` }).toContain(words);
    const win = await app.firstWindow();
    await expect(win.getByRole('heading', { name: 'Sandbox' })).toBeVisible();
    // The policy is a response header of app://, so the page's own fetch of itself sees it.
    const header = await win.evaluate(
      async () => (await fetch(location.href)).headers.get('content-security-policy') ?? '',
    );
    expect(header).toBe(CSP);
    // Refused by the policy itself, not by a machine that happens to be offline.
    const refused = await fetchRefusedBy(win, 'https://example.com/');
    expect(refused).toBe('connect-src');
    expect(await win.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    await saying('refused new window for https://example.com/');
    await win.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await saying('refused navigation to https://example.com/');
    expect(win.url()).toMatch(/^app:\/\/flushpoint\//);
    await expect(win.getByRole('heading', { name: 'Sandbox' })).toBeVisible();
    // A call with a wrong argument is answered with what was wrong, and the handler never runs.
    const answer = await win.evaluate(async () => {
      const api = (globalThis as unknown as { api: { labsGet: (id: unknown) => Promise<unknown> } }).api;
      return api.labsGet(42);
    });
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining('labId') });
    await app.close();
  });

  test('saves a copy of the progress where the save dialog says, through main', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'fp-saved-')), 'handed-in.json');
    const { app, win } = await launchSavingTo(target);
    // A copy for the instructor says whose it is: Results asks for a name and id first.
    await win.evaluate(() => (location.hash = '#/labs'));
    await win.getByLabel('Name').fill('Ada Saved');
    await win.getByLabel('Student id').fill('saved-1');
    await win.getByRole('button', { name: 'Save' }).click();
    await expect(win.getByText('Studying as')).toBeVisible();
    await win.evaluate(() => (location.hash = '#/results'));
    await win.getByRole('button', { name: 'Save my progress for my instructor…' }).click();
    await expect(win.getByRole('status').filter({ hasText: 'Saved' })).toContainText(target);
    expect(Array.isArray((JSON.parse(readFileSync(target, 'utf8')) as { attempts: unknown }).attempts)).toBe(
      true,
    );
    await app.close();
  });

  test('opens the folder for handed-out labs through main, made first', async () => {
    const { app, win } = await launchSavingTo(join(tmpdir(), 'unused.json'));
    // The file manager itself cannot be watched from a test: record what main asks it to show.
    await app.evaluate(({ shell }) => {
      const asked: string[] = [];
      (globalThis as unknown as { asked: string[] }).asked = asked;
      shell.openPath = (async (path: string) => (asked.push(path), '')) as typeof shell.openPath;
    });
    await win.evaluate(() => (location.hash = '#/labs'));
    await win.getByText('Labs from your instructor').click();
    await win.getByRole('button', { name: 'Open this folder' }).click();
    await expect(win.getByRole('status').filter({ hasText: 'Opened' })).toContainText('file manager');
    const asked = await app.evaluate(() => (globalThis as unknown as { asked: string[] }).asked);
    expect(asked).toHaveLength(1);
    expect(existsSync(asked[0] as string)).toBe(true);
    await app.close();
  });

  test("saves the sandbox's scenario where the save dialog says, through main", async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'fp-saved-')), 'class.yaml');
    const { app, win } = await launchSavingTo(target);
    await win.getByText('Scenario file: open one, or see this one').click();
    await win.getByRole('button', { name: 'Save this scenario…' }).click();
    await expect(win.getByRole('status').filter({ hasText: 'Saved to' })).toContainText(target);
    expect(readFileSync(target, 'utf8')).toMatch(/^# Saved from the Flushpoint sandbox\.[^]*vendor: amd/);
    await app.close();
  });

  test("grades a class's progress files picked in main's open dialog, and saves the CSV", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-class-'));
    const file = join(dir, 'ada.json');
    const lab = await loadLab(join(ROOT, 'labs'), '02-sme-two-wbinvds');
    writeFileSync(
      file,
      JSON.stringify(progressOf(lab, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' })),
    );
    const target = join(dir, 'scores.csv');
    const { app, win } = await launchSavingTo(target);
    await app.evaluate(({ dialog }, path) => {
      dialog.showOpenDialog = (async () => ({
        canceled: false,
        filePaths: [path],
      })) as typeof dialog.showOpenDialog;
    }, file);
    await win.evaluate(() => (location.hash = '#/grade'));
    await win.getByRole('button', { name: 'Open progress files…' }).click();
    await expect(win.getByRole('status')).toHaveText('Graded 1 file.');
    await expect(win.getByRole('table', { name: 'Scores by student and lab' })).toContainText('ada.json');
    await win.getByRole('button', { name: 'Save scores as CSV…' }).click();
    await expect(win.getByRole('status')).toHaveText(`Saved to ${target}.`);
    expect(readFileSync(target, 'utf8')).toContain(`${file},Ada,ada-1,${lab.id},2.00,25,1,`);
    await app.close();
  });
});
