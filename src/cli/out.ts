/**
 * What the command line writes, to stdout and stderr. File names are the students' (a folder of handed-in
 * copies, a zip unpacked) and reach every message and the CSV's file column: a name holding ESC or BEL
 * would drive the instructor's terminal (clear it, retitle it). Every control character but the tab and
 * the line end is written as an escape (`\x1b`), as scenario and lab text already are.
 */
import { escapeControls } from '../sim/text-encoding.ts';

/** Writes to stdout, control characters escaped. */
export function writeOut(text: string): void {
  process.stdout.write(escapeControls(text, { keepLayout: true }));
}

/** Writes to stderr, control characters escaped. */
export function writeErr(text: string): void {
  process.stderr.write(escapeControls(text, { keepLayout: true }));
}
