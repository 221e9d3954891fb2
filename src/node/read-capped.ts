/** Reading a file that may be anything at all (a pipe, a device, a file still growing) without reading it all. */
import { Buffer } from 'node:buffer';
import { readSync } from 'node:fs';

/**
 * An open file read to its end as UTF-8, or, once more than `max` bytes came, `{ over }` with how many had
 * come: a size checked before opening can be out of date, and a device (a link to /dev/zero) has none.
 */
export function readCapped(fd: number, max: number): { text: string } | { over: number } {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    total += n;
    if (total > max) return { over: total };
    chunks.push(chunk.subarray(0, n));
  }
  return { text: Buffer.concat(chunks, total).toString('utf8') };
}
