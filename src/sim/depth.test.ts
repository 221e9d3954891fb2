import { describe, expect, it } from 'vitest';
import { nestedDeeperThan } from './depth.ts';

const nest = (depth: number): unknown => (depth === 0 ? 0 : [nest(depth - 1)]);

describe('nestedDeeperThan', () => {
  it('tells nesting past the bound from nesting at it', () => {
    expect(nestedDeeperThan(nest(5), 5)).toBe(false);
    expect(nestedDeeperThan(nest(6), 5)).toBe(true);
    expect(nestedDeeperThan({ a: 1, b: [{}] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: 1, b: [{}] }, 2)).toBe(true);
    expect(nestedDeeperThan('text', 0)).toBe(false);
  });

  it('finds a circular value too deep instead of looping', () => {
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    expect(nestedDeeperThan(loop, 32)).toBe(true);
  });

  it('looks into a list shared at every level once a depth, not once a path (2^31 paths)', () => {
    let shared: unknown = 0;
    for (let i = 0; i < 31; i++) shared = [shared, shared];
    // Each path walked would be billions of calls: the call returns at all.
    expect(nestedDeeperThan(shared, 32)).toBe(false);
    expect(nestedDeeperThan(shared, 30)).toBe(true);
  });

  it('finds a shared list too deep when met deeper than where it first fit', () => {
    const shared = nest(3);
    // Fits under `a` (3 levels left), is too deep under b.c (2 left).
    expect(nestedDeeperThan({ a: shared, b: { c: shared } }, 4)).toBe(true);
    expect(nestedDeeperThan({ b: { c: shared }, a: shared }, 5)).toBe(false);
  });

  it('does not read the holes of a sparse list', () => {
    expect(nestedDeeperThan(structuredClone([new Array(2e8)]), 2)).toBe(false);
  });
});
