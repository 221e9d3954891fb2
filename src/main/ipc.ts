/**
 * The one place IPC handlers are registered. Every call passes the same wrapper: the sender must be the
 * main frame of our window at an app URL, the channel and arguments must validate against the contract,
 * and whatever happens the renderer gets an IpcResult, never an exception or a crash of main.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, checkCall, type Channel, type IpcResult } from '../ipc/contract.ts';

export type Handler = (...args: unknown[]) => Promise<unknown>;
export type Handlers = Record<Channel, Handler>;

/** Decides whether an IPC message comes from our own page. */
export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>) => boolean;

/** Runs one validated call (exported so tests and the e2e harness share the exact wrapper logic). */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  args: unknown[],
  log: (msg: string) => void,
): Promise<IpcResult<unknown>> {
  const checked = checkCall(channel, args);
  if (!checked.ok) {
    log(`refused IPC: ${checked.error}`);
    return { ok: false, error: checked.error };
  }
  try {
    return { ok: true, value: await handlers[checked.value.channel](...checked.value.args) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`IPC ${checked.value.channel} failed: ${message}`);
    return { ok: false, error: message };
  }
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
      return dispatch(handlers, channel, args, log);
    });
  }
}
