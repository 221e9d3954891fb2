/**
 * The one place IPC handlers are registered. Every call passes the same wrapper: the sender must be the
 * main frame of our window at an app URL, the channel and arguments must validate against the contract,
 * and whatever happens the renderer gets an IpcResult, never an exception or a crash of main.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { AsyncLocalStorage } from 'node:async_hooks';
import { CHANNEL_NAMES, CHANNELS, checkCall, type Channel, type IpcResult } from '../ipc/contract.ts';

export type Handler = (...args: unknown[]) => Promise<unknown>;
export type Handlers = Record<Channel, Handler>;

/** Decides whether an IPC message comes from our own page. */
export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>) => boolean;

/** A message for anything thrown, even a value whose String() throws (e.g. Object.create(null)). */
function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return String(err);
  } catch {
    return 'unknown error';
  }
}

/** Runs one validated call (exported so tests and the e2e harness share the exact wrapper logic). */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  args: unknown[],
  log: (msg: string) => void,
): Promise<IpcResult<unknown>> {
  // Own keys only: checkCall's `channel in CHANNELS` also accepts inherited names such as "toString" or
  // "__proto__", which then crashed here instead of being refused (reachable over preview-web's HTTP API).
  const checked =
    typeof channel === 'string' && Object.hasOwn(CHANNELS, channel)
      ? checkCall(channel, args)
      : ({ ok: false, error: `unknown channel ${JSON.stringify(channel)}` } as const);
  if (!checked.ok) {
    log(`refused IPC: ${checked.error}`);
    return { ok: false, error: checked.error };
  }
  try {
    return { ok: true, value: await handlers[checked.value.channel](...checked.value.args) };
  } catch (err) {
    const message = describeError(err);
    log(`IPC ${checked.value.channel} failed: ${message}`);
    return { ok: false, error: message };
  }
}

const callers = new AsyncLocalStorage<WebContents>();

/**
 * The web contents whose IPC call is being handled, through every await of its handler: a dialog it
 * opens belongs to that page's window, whichever window has the focus by then. Undefined outside a call.
 */
export function ipcCaller(): WebContents | undefined {
  return callers.getStore();
}

/** Registers every channel of the contract with the sender check and validation. */
export function registerIpc(
  ipcMain: IpcMain,
  handlers: Handlers,
  isTrusted: SenderCheck,
  log: (msg: string) => void,
): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!isTrusted(event)) {
        log(`refused IPC ${channel} from an untrusted sender`);
        return { ok: false, error: 'untrusted sender' } satisfies IpcResult<never>;
      }
      return callers.run(event.sender, () => dispatch(handlers, channel, args, log));
    });
  }
}
