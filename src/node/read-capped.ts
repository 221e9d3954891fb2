/** Reading a file that may be anything at all (a pipe, a device, a file still growing) without reading it all. */
import { Buffer, isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/**
 * What a capped read gives: the text, and whether its bytes were UTF-8 (bytes that are not read as U+FFFD,
 * as a U+FFFD written in UTF-8 does: only the bytes tell them apart); or how many bytes had come once more
 * than the limit came.
 */
export type Capped = { text: string; utf8: boolean } | { over: number };

const CHUNK = 64 * 1024;

/**
 * Chunks gathered up to a limit. Shared by the blocking read (lab and scenario files, read by the CLI
 * and at load) and the non-blocking one (progress files, read in the app's main process).
 */
class Gathered {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  constructor(private readonly max: number) {}
  /** Keeps the first `n` bytes of `chunk`; false once more than the limit came. */
  add(chunk: Buffer, n: number): boolean {
    this.total += n;
    if (this.total > this.max) return false;
    this.chunks.push(chunk.subarray(0, n));
    return true;
  }
  result(full: boolean): Capped {
    if (!full) return { over: this.total };
    const bytes = Buffer.concat(this.chunks, this.total);
    return { text: bytes.toString('utf8'), utf8: isUtf8(bytes) };
  }
}

/**
 * An open file read to its end as UTF-8, or, once more than `max` bytes came, `{ over }` with how many had
 * come: a size checked before opening can be out of date, and a device (a link to /dev/zero) has none.
 */
export function readCapped(fd: number, max: number): Capped {
  const got = new Gathered(max);
  for (;;) {
    const chunk = Buffer.alloc(CHUNK);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) return got.result(true);
    if (!got.add(chunk, n)) return got.result(false);
  }
}

/** readCapped on a FileHandle, without blocking the process while the disk answers. */
export async function readCappedAsync(handle: FileHandle, max: number): Promise<Capped> {
  const got = new Gathered(max);
  for (;;) {
    const chunk = Buffer.alloc(CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return got.result(true);
    if (!got.add(chunk, bytesRead)) return got.result(false);
  }
}
