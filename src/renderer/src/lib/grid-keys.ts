/**
 * The arrow keys of a grid of cells laid out row by row (the compact CPU grid): the grid is one tab stop,
 * and the arrows move inside it. 256 CPUs were 256 tab stops between the step controls and the timeline.
 *
 * Left and Right follow the cells' order, on across a row's end (CPU 31 to CPU 32, as the numbers run),
 * Up and Down move a row, Home and End go to the first and the last cell. A move off the grid stays
 * where it is, but is still the grid's key: the page must not scroll under the student.
 *
 * Returns the cell to move to, or null for a key the grid leaves alone.
 */
export function gridMove(key: string, at: number, cells: number, columns: number): number | null {
  const last = cells - 1;
  const within = (to: number) => (to < 0 || to > last ? at : to);
  switch (key) {
    case 'ArrowLeft':
      return within(at - 1);
    case 'ArrowRight':
      return within(at + 1);
    case 'ArrowUp':
      return within(at - columns);
    case 'ArrowDown':
      return within(at + columns);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
