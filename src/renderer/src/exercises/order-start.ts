/** Where an order exercise's items start: shuffled for each student, and never already right. */

/** A seeded shuffle of the key's items that never starts in the key's order. */
export function startingOrder(key: readonly number[], seed: number): number[] {
  const a = [...key].sort((x, y) => x - y);
  let r = seed || 1;
  for (let i = a.length - 1; i > 0; i--) {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    const j = r % (i + 1);
    [a[i], a[j]] = [a[j] as number, a[i] as number];
  }
  if (a.join() === key.join()) a.push(a.shift() as number);
  return a;
}

/**
 * Whether no item has been moved from where it started. That order is never right, so checking it would
 * only cost a try and earn credit for nothing done (its pairs in order by chance).
 */
export function untouched(order: readonly number[], start: readonly number[]): boolean {
  return order.length === start.length && order.every((item, i) => item === start[i]);
}
