/** The shapes the `openstack` command line shares: fetch, command specs, parsed arguments, output. */

/** The part of the Fetch API the command line uses; the simulator's `cloud.fetch` and `globalThis.fetch` both fit. */
export type FetchLike = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: unknown },
) => Promise<FetchLikeResponse>;

/** The part of a Fetch Response the command line reads. */
export interface FetchLikeResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** How the host runs the command line: where requests go and how time passes. */
export interface CliHost {
  fetch: FetchLike;
  /** Waits `ms` (the simulator advances its virtual clock); default is a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Called with every chunk of output as it is produced (for streaming to a terminal). */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Terminal width, for `--fit-width` and help text (argparse uses COLUMNS - 2). */
  columns?: number;
  /** Reads a file of the host (the shell's few files, e.g. `~/.ssh/id_rsa.pub`); undefined when missing. */
  readFile?: (path: string) => string | undefined;
}

/** What one run of a program gives back. */
export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** One argparse argument: an option when `flags` is set, otherwise a positional. */
export interface Param {
  /** Option strings, short first: `['-f', '--format']`. Absent for a positional. */
  flags?: string[];
  /** Key in the parsed arguments. */
  dest: string;
  /** Shown in usage and help: `<flavor>`. */
  metavar?: string;
  help?: string;
  /** `store` (default) takes a value; `append` collects values; `true`/`false`/`const` take none. */
  action?: 'store' | 'append' | 'true' | 'false' | 'const' | 'help';
  const?: unknown;
  default?: unknown;
  type?: 'int' | 'float';
  choices?: string[];
  required?: boolean;
  /** Positionals only: `?` optional, `+` one or more, `*` any. */
  nargs?: '?' | '+' | '*';
  /** A mutually exclusive group name; members must be next to each other. */
  exclusive?: string;
  /** Help section title (default `options` / `positional arguments`). */
  section?: string;
  /** A custom argparse action: turns the value into what is stored; a CommandError it throws fails with exit 1 (not a usage error). */
  transform?: (value: unknown) => unknown;
}

/** Parsed arguments, keyed by `dest`. */
export type Args = Record<string, any>;

/** What a command returns: a list (Lister), one object (ShowOne), raw text, or nothing. */
export type Output =
  | { type: 'list'; columns: string[]; rows: unknown[][] }
  | { type: 'show'; columns: string[]; values: unknown[] }
  | { type: 'text'; text: string };

/** What cliff calls the command class: decides the output options. */
export type CommandKind = 'list' | 'show' | 'plain';

/** One entry of the command table: both the parser and the completion data come from it. */
export interface CommandSpec {
  /** The command words: `['server', 'create']`. */
  words: string[];
  /** The description (the first line of the real command's docstring). */
  help: string;
  kind: CommandKind;
  params: Param[];
  /** Mutually exclusive groups that need one member: group name → true. */
  requiredGroups?: string[];
  /** Runs the command; throw `CommandError` for a one-line failure. */
  run(ctx: RunCtx, args: Args): Promise<Output | void>;
}

/** What a command's `run` is given. */
export interface RunCtx {
  /** The authenticated client (one token per process, like the real CLI). */
  client: import('./client.ts').Client;
  /** Writes to stdout / stderr as the command goes (e.g. `--wait` progress). */
  out(text: string): void;
  err(text: string): void;
  sleep(ms: number): Promise<void>;
  /** The environment (OS_* variables and the rest). */
  env: Record<string, string>;
  /** The command name as typed, e.g. `server creat` (cliff keeps the abbreviation). */
  name: string;
  /** Reads a host file; undefined when there is none (there is no real file system). */
  readFile(path: string): string | undefined;
}
