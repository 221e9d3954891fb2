/** The `flushpoint` command: a dispatcher over the subcommands. Returns the exit status. */
import { runGrade } from './grade.ts';
import { runLabsCheck } from './labs-check.ts';
import { runLabsKeys } from './labs-keys.ts';
import { runSimulate } from './simulate.ts';
import {
  GRADE,
  helpText,
  LABS_CHECK,
  LABS_KEYS,
  LABS_OVERVIEW,
  OVERVIEW,
  SIMULATE,
  wantsHelp,
  type CommandHelp,
} from './usage.ts';
import { writeErr, writeOut } from './out.ts';

const COMMANDS: Record<string, CommandHelp> = {
  simulate: SIMULATE,
  'labs check': LABS_CHECK,
  'labs keys': LABS_KEYS,
  grade: GRADE,
};

/** Help asked for: on stdout, exit 0. */
function help(text: string): number {
  writeOut(text);
  return 0;
}

/**
 * Runs one command line; stdout carries only the command's output, errors go to stderr. `-h` or
 * `--help` anywhere prints the command's help on stdout (exit 0); a usage error prints the usage on
 * stderr (exit 2).
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'simulate':
      return wantsHelp(rest) ? help(helpText(SIMULATE)) : runSimulate(rest);
    case 'labs': {
      const [sub, ...args] = rest;
      if (sub === 'check') return wantsHelp(args) ? help(helpText(LABS_CHECK)) : runLabsCheck(args);
      if (sub === 'keys') return wantsHelp(args) ? help(helpText(LABS_KEYS)) : runLabsKeys(args);
      if (wantsHelp(rest)) return help(LABS_OVERVIEW);
      writeErr(
        `flushpoint labs: ${sub === undefined ? 'no subcommand' : `unknown subcommand ${sub}`} (try: labs check, labs keys)\n${LABS_OVERVIEW}`,
      );
      return 2;
    }
    case 'grade':
      return wantsHelp(rest) ? help(helpText(GRADE)) : runGrade(rest);
    case '--help':
    case '-h':
      return help(OVERVIEW);
    case 'help': {
      // `flushpoint help grade`, `flushpoint help labs keys`.
      const topic = rest.join(' ');
      if (!topic) return help(OVERVIEW);
      if (topic === 'labs') return help(LABS_OVERVIEW);
      const h = COMMANDS[topic];
      if (h) return help(helpText(h));
      writeErr(`flushpoint help: unknown command "${topic}"\n${OVERVIEW}`);
      return 2;
    }
    case undefined:
      writeErr(`flushpoint: no command given\n${OVERVIEW}`);
      return 2;
    default:
      writeErr(`flushpoint: unknown command "${command}"\n${OVERVIEW}`);
      return 2;
  }
}
