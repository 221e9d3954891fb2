/** Where an order exercise's items start: shuffled for each student, and never already right. */

/**
 * A seeded shuffle of the key's items that never starts in an order graded right: `isRight` says which
 * are (by default only the key's; with pairs the reference leaves open, others too). A right one is
 * turned round, an item at a time, until it is not.
 */
export function startingOrder(
  key: readonly number[],
  seed: number,
  isRight: (order: readonly number[]) => boolean = (o) => o.join() === key.join(),
): number[] {
  const a = [...key].sort((x, y) => x - y);
  let r = seed || 1;
  for (let i = a.length - 1; i > 0; i--) {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    const j = r % (i + 1);
    [a[i], a[j]] = [a[j] as number, a[i] as number];
  }
  for (let k = 0; k < a.length && isRight(a); k++) a.push(a.shift() as number);
  return a;
}

/**
 * Whether no item has been moved from where it started. That order is never right, so checking it would
 * only cost a try and earn credit for nothing done (its pairs in order by chance).
 */
export function untouched(order: readonly number[], start: readonly number[]): boolean {
  return order.length === start.length && order.every((item, i) => item === start[i]);
}
