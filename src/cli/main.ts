/** The `flushpoint` command: a dispatcher over the subcommands. Returns the exit status. */
import { runGrade } from './grade.ts';
import { runLabsCheck } from './labs-check.ts';
import { runLabsKeys } from './labs-keys.ts';
import { runSimulate } from './simulate.ts';

const USAGE = `usage: flushpoint <command> [options]

commands:
  simulate FILE|- [--json] [--seed N] [--why] [--compare kernel|sme|path]
                                      run a scenario (YAML or JSON; - reads it from standard input) and
                                      print its timeline (or the JSON contract); --why adds, per site,
                                      which CPUs flushed and the trace step that decided it; --compare
                                      runs it again with the kernel, SME or the path flipped and says
                                      what differs
  labs check [DIR] [--json]           validate every lab and replay every exercise through the model;
                                      say which catalogued misconceptions no option names yet
  labs keys [DIR] [--lab ID] [--exercise ID] [--json]
                                      the answer the model computes for every variant of every
                                      exercise, in the lab file's expect form and in words
  grade PROGRESS.json... [--labs DIR]... [--by-exercise] [--json|--csv]
                                      re-grade students' progress files offline (by lab, or by
                                      exercise with the misconceptions wrong answers showed)
`;

/** Runs one command line; stdout carries only the command's output, errors go to stderr. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'simulate':
      return runSimulate(rest);
    case 'labs':
      if (rest[0] === 'check') return runLabsCheck(rest.slice(1));
      if (rest[0] === 'keys') return runLabsKeys(rest.slice(1));
      process.stderr.write(
        `flushpoint labs: unknown subcommand ${rest[0] ?? '(none)'} (try: labs check, labs keys)\n`,
      );
      return 2;
    case 'grade':
      return runGrade(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`flushpoint: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}
