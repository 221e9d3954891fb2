/**
 * Whether data nests more than `max` lists and objects deep. Stops looking once it does, so neither a
 * deep value nor a circular one can exhaust the stack. Shared by the IPC contract (which the preload
 * bundles, so this file imports nothing) and the progress schema.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (max === 0) return true;
  return Object.values(value).some((v) => nestedDeeperThan(v, max - 1));
}
