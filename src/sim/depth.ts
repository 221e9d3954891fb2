/**
 * Whether data nests more than `max` lists and objects deep. Stops looking once it does, so neither a
 * deep value nor a circular one can exhaust the stack. Used by the progress schema on answers; imports
 * nothing. (The IPC contract measures depth and size in one bounded walk: src/ipc/json-size.ts.)
 *
 * Each list or object is looked into once for each depth it is met at, never once per path to it: a value
 * that reuses one small list at every level (as structured clone and a program can make, JSON cannot) has
 * billions of paths in a few dozen lists. Object.values reads only the elements a list has, so a sparse
 * `new Array(2e8)` costs nothing.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  // The fewest levels left with which each object was found to fit: with as many or more, it fits again.
  const fits = new Map<object, number>();
  const deeper = (v: unknown, left: number): boolean => {
    if (typeof v !== 'object' || v === null) return false;
    if (left === 0) return true;
    if ((fits.get(v) ?? Infinity) <= left) return false;
    if (Object.values(v).some((child) => deeper(child, left - 1))) return true;
    fits.set(v, left);
    return false;
  };
  return deeper(value, max);
}
