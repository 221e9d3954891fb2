/**
 * A scenario is a few hundred bytes; a file past this is not one (a wrong file, or one generated with
 * hundreds of thousands of events, which would take minutes and gigabytes to run) and is not read. The
 * sandbox, the scenario:save channel and `flushpoint simulate` refuse the same files. A module of its
 * own, importing nothing: the IPC contract, which the preload bundles, reads it too.
 */
export const MAX_SCENARIO_BYTES = 256 * 1024;
