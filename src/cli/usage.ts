/**
 * What each command takes and does: its usage line (in usage errors, on stderr) and its help (`-h` or
 * `--help`, on stdout). The overview of `flushpoint --help` is made from the same lines.
 */
import { MAX_SCENARIO_BYTES } from '../sim/limits.ts';

export interface CommandHelp {
  /** The usage line, without "usage: ". */
  usage: string;
  /** For the overview: what the command does, in a few short lines. */
  summary: string;
  /** For the command's own help: its options and exit statuses. */
  details: string;
}

export const SIMULATE: CommandHelp = {
  usage: 'flushpoint simulate FILE|- [--json] [--seed N] [--why] [--compare kernel|sme|path]',
  summary: `run a scenario (YAML or JSON; - reads it from standard input) and
print its timeline (or the JSON contract); --why adds, per site,
which CPUs flushed and the trace step that decided it; --compare
runs it again with the kernel, SME or the path flipped and says
what differs`,
  details: `options:
  --json             the JSON contract of ARCHITECTURE.md, nothing else on stdout
  --seed N           the seed of the cache picture (0 to 4294967295), instead of the file's
  --why              per site, which CPUs flushed and the trace step that decided it
  --compare MODE     run it again with the kernel, SME (active vs supported; none or supported vs
                     active) or the path flipped
                     (MODE: kernel, sme or path) and say what differs
A scenario needs at least kernel (before or after) and platform, with its vendor (amd, intel or hygon)
and cpus (1 to 4096): {kernel: after, platform: {vendor: amd, cpus: 4}}; README.md lists every key.
A scenario file larger than ${MAX_SCENARIO_BYTES / 1024} kB is refused (a scenario is a few hundred bytes).
exit status: 0 on a run, 1 when the output cannot be written, 2 on a bad argument (an empty path among
them) or a bad scenario file (named with its line and field)`,
};

export const LABS_CHECK: CommandHelp = {
  usage: 'flushpoint labs check [DIR] [--json]',
  summary: `validate every lab and replay every exercise through the model;
say which catalogued misconceptions no option names yet`,
  details: `DIR is a folder of lab folders, or one lab folder (default: the labs this copy ships).
options:
  --json             {"labs", "exercises", "variants_checked", "problems", "notices",
                     "misconceptions", "not_replayed"}; each problem gives lab, exercise, variant
                     (its params as JSON text, or null), message, and file and line (or null);
                     notices, in the same shape, are not problems; not_replayed: the labs that
                     cannot be loaded, and their exercises, which replay skipped
exit status: 0 when every lab is sound (notices alone among them), 1 when there are problems (a folder with no labs, or one that
cannot be read, among them) or the output cannot be written, 2 on bad arguments (an empty path among them)`,
};

export const LABS_KEYS: CommandHelp = {
  usage: 'flushpoint labs keys [DIR] [--lab ID] [--exercise ID] [--student ID] [--json]',
  summary: `the answer the model computes for every variant of every
exercise, in the lab file's expect form and in words; with
--student, only the variant that student draws`,
  details: `DIR is a folder of lab folders, or one lab folder (default: the labs this copy ships).
options:
  --lab ID           only this lab
  --exercise ID      only this exercise
  --student ID       only the variant this student draws in each exercise (their params or broken
                     model, and its key), with its seed, as the app draws it from the student id,
                     and the order the app shows that student the options in
  --json             the same as data
exit status: 0 when every variant was built, 1 when one was not (params making more than 1,000
combinations among them), a lab cannot be loaded or the output cannot be written, 2 on bad arguments
(an empty path, an unknown lab or exercise, a student id the app would refuse, a folder that cannot be
read or holds no lab)`,
};

export const GRADE: CommandHelp = {
  usage:
    'flushpoint grade PROGRESS.json... [--labs DIR]... [--lab ID]... [--by-exercise] [--json|--csv [--wide]]',
  summary: `re-grade students' progress files offline (by lab, or by
exercise with the misconceptions wrong answers showed)`,
  details: `A PROGRESS.json may be a folder (a USB stick of collected copies): the progress files in it and
its subfolders are graded, anything else is skipped with a note on stderr (hidden files silently).
Every answer is graded again from the lab files and the variant the student was shown (recorded with
each attempt; an older attempt's seed); stored scores are
not used for grading, only compared with the grade now (a difference is named). What is left out is named on stderr (a file or an attempt that cannot be read), and so is
what to look at in a file graded as it stands (a wrong field grading does not read, no profile,
variant seeds not made for the file's student id); the CSV's last column, notes, says it per row.
"solved n/m" counts only the exercises that can be solved (not explain ones, never graded).
A student id found in more than one file (handed in twice, or a copy) is one student, graded once: the
attempts of all its files merged in the order they were made, an attempt found in several taken once;
said on stderr with how many attempts each file added, and noted on each of its rows.
The table has a row per student and lab and, beside the student, the file where the student alone does
not tell it: a file with no profile ("(no profile)"), one that could not be read ("(student unknown)"),
a name that another file has too, with no id, or the files of a student graded from several
("a.json + b.json"): the file's base name, its path when two files share one.
options:
  --labs DIR         the labs to grade with (default: the labs this copy ships); repeat it for
                     several folders, a later folder's lab replacing one of the same id
  --lab ID           grade only this lab (repeat it for several); every student gets a row in it,
                     noted "not started" if they did not start it; answers to other labs are not
                     mentioned
  --by-exercise      per exercise: how many solved it and what the wrong answers showed
  --json | --csv     one row per student and lab (or exercise), as data (one of the two); a file
                     with no attempts: 0 in each lab the class worked on (if none: one row, no
                     figures, noted "no attempts in this file"); a student who did not start a
                     lab the class worked on: 0 in it, noted "not started"
  --wide             with --csv: the gradebook, one row per student: file, student, student_id, a
                     column per lab (the score, "not started" or "not graded"), total, max, notes
Two files of different students holding the same attempts are warned about and noted "copied?".
exit status: 0 when every file was graded, 1 when some could not be read (or the output cannot be
written) or some answers could not be graded (their lab cannot be loaded or was not given with --labs, or no attempt could be read: rows
noted "not graded", with no score), 2 on bad arguments (an empty path, a --labs folder that cannot be
read or holds no lab among them, a --lab that is not among the labs (the known ids are listed), a
folder with no progress file, --wide without --csv)`,
};

const COLUMN = 38;

/** A command's usage and summary for the overview: the summary in a column beside or under it. */
function overviewLine(h: CommandHelp): string {
  const head = h.usage.replace(/^flushpoint /, '');
  const lines = h.summary.split('\n');
  const pad = ' '.repeat(COLUMN);
  const rest = lines.map((l) => `${pad}${l}`).join('\n');
  return head.length + 2 < COLUMN
    ? `  ${head.padEnd(COLUMN - 2)}${rest.slice(COLUMN)}`
    : `  ${head}\n${rest}`;
}

/** `flushpoint --help`: every command. */
export const OVERVIEW = `usage: flushpoint <command> [options]

commands:
${[SIMULATE, LABS_CHECK, LABS_KEYS, GRADE].map(overviewLine).join('\n')}

flushpoint <command> --help says more about each.
`;

/** `flushpoint labs --help`. */
export const LABS_OVERVIEW = `usage: flushpoint labs check|keys [options]

${[LABS_CHECK, LABS_KEYS].map(overviewLine).join('\n')}
`;

/** A command's own help. */
export function helpText(h: CommandHelp): string {
  const about = `${h.summary.charAt(0).toUpperCase()}${h.summary.slice(1)}.`;
  return `usage: ${h.usage}\n\n${about}\n\n${h.details}\n`;
}

/** -h or --help, anywhere among the arguments. */
export const wantsHelp = (args: readonly string[]) => args.some((a) => a === '-h' || a === '--help');
