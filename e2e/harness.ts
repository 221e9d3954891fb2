/**
 * The e2e harness: the built renderer served over HTTP with the app's CSP header, and window.api built
 * from the IPC contract in the page, each call crossing to the test process where it runs through the
 * same dispatch() wrapper and src/node handlers as in Electron. Only Electron's transport is replaced.
 */
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHANNEL_NAMES, methodName } from '../src/ipc/contract.ts';
import { dispatch } from '../src/main/ipc.ts';
import { createHandlers } from '../src/node/handlers.ts';
import { serveStatic } from './server.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const RENDERER = join(ROOT, 'out', 'renderer');
export const LABS = join(ROOT, 'labs');
export const SHOTS = join(ROOT, 'e2e', 'screenshots');
/**
 * How long a statechart may take to appear the first time one is opened: its layout engine (elkjs,
 * 1.5 MB) loads then, and on a loaded 2-vCPU machine that took more than the default 10 s.
 */
export const FIRST_CHART = { timeout: 30_000 };

export function serveRenderer(root = RENDERER): Promise<{ url: string; close: () => Promise<void> }> {
  return serveStatic(root);
}

/** Gives the page window.api over the contract, backed by src/node handlers for these folders. */
export async function installApi(
  page: Page,
  opts: {
    labsDir: string;
    userDataDir: string;
    calls?: string[];
    inflight?: Set<Promise<unknown>>;
    /** Where "Save my progress" saves (Electron asks with a dialog): the user-data folder's exports/. */
    exportDir?: string;
    /** The folders the page asked main to show in the file manager. */
    opened?: string[];
    /** What the open dialog of "Grade a class" answers (Electron asks the instructor): none by default. */
    progressFiles?: () => string[];
  },
): Promise<void> {
  const exportDir = opts.exportDir ?? join(opts.userDataDir, 'exports');
  const handlers = createHandlers({
    labsDir: opts.labsDir,
    userDataDir: opts.userDataDir,
    appInfo: { version: 'e2e', electron: null, chrome: null, platform: process.platform },
    chooseSaveFile: async (_kind, name) => {
      await mkdir(exportDir, { recursive: true });
      return join(exportDir, name);
    },
    // No file manager in a test: say which folder would have been shown.
    openFolder: async (path) => {
      opts.opened?.push(path);
      return '';
    },
    chooseProgressFiles: async () => opts.progressFiles?.() ?? [],
  });
  await page.exposeBinding('__flushpointInvoke', (_source, channel: unknown, args: unknown) => {
    // Calls reach this process in the order the page made them.
    opts.calls?.push(String(channel));
    const done = dispatch(handlers, channel, Array.isArray(args) ? args : [args], () => undefined);
    // A save can still be writing when the test ends: teardown waits for it before removing the folder.
    opts.inflight?.add(done);
    void done.finally(() => opts.inflight?.delete(done)).catch(() => undefined);
    return done;
  });
  const names = CHANNEL_NAMES.map((c) => [c, methodName(c)] as const);
  await page.addInitScript((pairs) => {
    // Runs in the page; typed against globalThis because this file is compiled for Node.
    const w = globalThis as unknown as {
      __flushpointInvoke: (c: string, a: unknown[]) => Promise<unknown>;
      api?: unknown;
    };
    const api: Record<string, (...a: unknown[]) => Promise<unknown>> = {};
    for (const [channel, method] of pairs)
      api[method] = (...a: unknown[]) => w.__flushpointInvoke(channel, a);
    Object.defineProperty(globalThis, 'api', { value: Object.freeze(api) });
  }, names);
}

interface Fixtures {
  app: {
    url: string;
    userDataDir: string;
    labsDir: string;
    /** The IPC channels the page called, in order. */
    calls: string[];
    /** The folders the page asked main to show in the file manager. */
    opened: string[];
    /** The files the open dialog of "Grade a class" answers with: a test fills it. */
    progressFiles: string[];
    open: (hash?: string) => Promise<void>;
  };
  labsDir: string;
  consoleErrors: string[];
}

export const test = base.extend<Fixtures>({
  labsDir: [LABS, { option: true }],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await use(errors);
  },
  app: async ({ page, labsDir, consoleErrors }, use) => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'flushpoint-e2e-'));
    const server = await serveRenderer();
    const calls: string[] = [];
    const opened: string[] = [];
    const progressFiles: string[] = [];
    const inflight = new Set<Promise<unknown>>();
    await installApi(page, {
      labsDir,
      userDataDir,
      calls,
      inflight,
      opened,
      progressFiles: () => [...progressFiles],
    });
    await use({
      url: server.url,
      calls,
      opened,
      progressFiles,
      userDataDir,
      labsDir,
      open: async (hash = '#/sandbox') => {
        await page.goto(`${server.url}${hash}`);
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      },
    });
    // The page goes first: a short test can end while the page still fetches its idle-time chunks, and
    // closing the server under it would log their failed loads as console errors.
    await page.close();
    await server.close();
    await Promise.allSettled([...inflight]);
    await rm(userDataDir, { recursive: true, force: true });
    // No CSP violation, no uncaught error, on any page of any test.
    expect(consoleErrors, 'console errors').toEqual([]);
  },
});

export { expect };

/**
 * axe-core over the page as it is now, or only the part `include` selects (WCAG 2.1 A and AA): no
 * violation, each named if there are.
 */
export async function expectNoAxeViolations(page: Page, what: string, include?: string): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const r = await (include ? builder.include(include) : builder).analyze();
  const summary = r.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe violations on ${what}`).toEqual([]);
}

/** Saves a profile on the Labs screen, so answers are the student's own (their variants, their file). */
export async function studyAs(
  page: Page,
  open: (hash?: string) => Promise<void>,
  name: string,
  id: string,
): Promise<void> {
  await open('#/labs');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Student id').fill(id);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Studying as')).toBeVisible();
}

/**
 * `flushpoint grade <args> --json`, as an instructor runs it on a handed-in progress copy: exits 0, and
 * gives its rows (parsed) and what it warned on stderr.
 */
export function gradeJson<Row>(args: readonly string[]): { rows: Row[]; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'flushpoint.mjs'), 'grade', ...args, '--json'], {
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return { rows: JSON.parse(r.stdout) as Row[], stderr: r.stderr };
}

/**
 * The sandbox opened afresh with `cpus` CPUs, run (at its end) or stepped through (from step 0): how the
 * specs that need a host of a given size start.
 */
export async function sandboxWithCpus(
  page: Page,
  open: (hash?: string) => Promise<void>,
  cpus: number,
  how: 'Run' | 'Step through' = 'Run',
): Promise<void> {
  await open('#/sandbox');
  await page.getByRole('spinbutton', { name: 'CPUs' }).fill(String(cpus));
  await page.getByRole('button', { name: how, exact: true }).click();
}

/** What live regions did, from when watching started: see `watchLiveRegions`. */
export interface LiveRegionLog {
  /** Text put into a region already on the page: what a screen reader reads out, in order. */
  said: string[];
  /** Regions that arrived already holding text: screen readers often do not read these. */
  inserted: string[];
}

/**
 * Watches every live region (status, alert, log, aria-live) on the page from now on; the function returned
 * reads what they did. An emptied region says nothing, so is not logged.
 */
export async function watchLiveRegions(page: Page): Promise<() => Promise<LiveRegionLog>> {
  await page.evaluate(() => {
    const live = '[role=status],[role=alert],[role=log],[aria-live]:not([aria-live=off])';
    const log = { said: [] as string[], inserted: [] as string[] };
    new MutationObserver((records) => {
      const arrived = new Set<Element>();
      const changed = new Set<Element>();
      for (const r of records) {
        for (const n of r.addedNodes)
          if (n instanceof Element)
            for (const region of [...(n.matches(live) ? [n] : []), ...n.querySelectorAll(live)])
              arrived.add(region);
        const at = r.target instanceof Element ? r.target : r.target.parentElement;
        const region = at?.closest(live);
        if (region) changed.add(region);
      }
      for (const region of arrived) {
        const text = region.textContent?.trim();
        if (text && region.isConnected) log.inserted.push(text);
      }
      for (const region of changed) {
        const text = region.textContent?.trim();
        if (text && region.isConnected && !arrived.has(region)) log.said.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    (globalThis as unknown as { liveRegionLog: typeof log }).liveRegionLog = log;
  });
  return () => page.evaluate(() => (globalThis as unknown as { liveRegionLog: LiveRegionLog }).liveRegionLog);
}
