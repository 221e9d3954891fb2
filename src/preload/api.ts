/** Builds window.api from the contract, over any transport (Electron's ipcRenderer, or the e2e harness). */
import { CHANNEL_NAMES, methodName, type Channel, type FlushpointApi } from '../ipc/contract.ts';

export type Invoke = (channel: Channel, args: unknown[]) => Promise<unknown>;

/** One frozen object of named methods, each forwarding to its channel. */
export function buildApi(invoke: Invoke): FlushpointApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const channel of CHANNEL_NAMES)
    api[methodName(channel)] = (...args: unknown[]) => invoke(channel, args);
  return Object.freeze(api) as unknown as FlushpointApi;
}
