import { describe, expect, it } from 'vitest';
import { gridMove } from './grid-keys.ts';

describe('arrow keys in a grid of 256 cells, 32 to a row', () => {
  const move = (key: string, at: number) => gridMove(key, at, 256, 32);

  it('moves along the order with Left and Right, on across the end of a row', () => {
    expect(move('ArrowRight', 5)).toBe(6);
    expect(move('ArrowLeft', 5)).toBe(4);
    expect(move('ArrowRight', 31)).toBe(32);
    expect(move('ArrowLeft', 32)).toBe(31);
  });

  it('moves a row with Up and Down, and to the ends with Home and End', () => {
    expect(move('ArrowDown', 6)).toBe(38);
    expect(move('ArrowUp', 38)).toBe(6);
    expect(move('Home', 200)).toBe(0);
    expect(move('End', 3)).toBe(255);
  });

  it('stays put at an edge, and still takes the key', () => {
    expect(move('ArrowLeft', 0)).toBe(0);
    expect(move('ArrowUp', 10)).toBe(10);
    expect(move('ArrowRight', 255)).toBe(255);
    expect(move('ArrowDown', 230)).toBe(230);
  });

  it('stays put below a short last row', () => {
    // 40 cells: the second row holds 8.
    expect(gridMove('ArrowDown', 10, 40, 32)).toBe(10);
    expect(gridMove('ArrowDown', 7, 40, 32)).toBe(39);
  });

  it('leaves other keys to the page (Tab, Enter, the model view n and p)', () => {
    for (const key of ['Tab', 'Enter', ' ', 'n', 'p', 'PageDown']) expect(move(key, 5)).toBeNull();
  });
});
