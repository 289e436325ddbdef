/** The arguments cliff adds to every command before the command's own: `-h` and the output formatter options. */
import type { CommandKind, Param } from './types.ts';

const HELP: Param = { flags: ['-h', '--help'], dest: 'help', action: 'help', help: 'show this help message and exit' };

const OUT = 'output formatters\noutput formatter options';

function formatParam(choices: string[]): Param {
  return {
    flags: ['-f', '--format'], dest: 'formatter', choices, default: 'table', section: OUT,
    help: 'the output format, defaults to table',
  };
}

const COLUMN: Param = {
  flags: ['-c', '--column'], dest: 'columns', action: 'append', metavar: 'COLUMN', section: OUT,
  help: 'specify the column(s) to include, can be repeated to show multiple columns',
};

const QUOTE: Param = {
  flags: ['--quote'], dest: 'quote_mode', choices: ['all', 'minimal', 'none', 'nonnumeric'], default: 'nonnumeric',
  section: 'CSV Formatter', help: 'when to include quotes, defaults to nonnumeric',
};

const NOINDENT: Param = { flags: ['--noindent'], dest: 'noindent', action: 'true', section: 'json formatter', help: 'whether to disable indenting the JSON' };

const PREFIX: Param = {
  flags: ['--prefix'], dest: 'prefix', default: '', section: 'shell formatter\na format a UNIX shell can parse (variable="value")',
  help: 'add a prefix to all variable names',
};

const TABLE = 'table formatter';
const TABLE_PARAMS: Param[] = [
  {
    flags: ['--max-width'], dest: 'max_width', metavar: '<integer>', type: 'int', default: 0, section: TABLE,
    help: 'Maximum display width, <1 to disable. You can also use the CLIFF_MAX_TERM_WIDTH environment variable, but the parameter takes precedence.',
  },
  {
    flags: ['--fit-width'], dest: 'fit_width', action: 'true', section: TABLE,
    help: 'Fit the table to the display width. Implied if --max-width greater than 0. Set the environment variable CLIFF_FIT_WIDTH=1 to always enable',
  },
  { flags: ['--print-empty'], dest: 'print_empty', action: 'true', section: TABLE, help: 'Print empty table if there is no data to show.' },
];

const SORT: Param[] = [
  {
    flags: ['--sort-column'], dest: 'sort_columns', action: 'append', metavar: 'SORT_COLUMN', section: OUT,
    help: 'specify the column(s) to sort the data (columns specified first have a priority, non-existing columns are ignored), can be repeated',
  },
  { flags: ['--sort-ascending'], dest: 'sort_direction', action: 'const', const: 'asc', exclusive: 'sort-direction', section: OUT, help: 'sort the column(s) in ascending order' },
  { flags: ['--sort-descending'], dest: 'sort_direction', action: 'const', const: 'desc', exclusive: 'sort-direction', section: OUT, help: 'sort the column(s) in descending order' },
];

/** Formats a Lister accepts (cliff's `cliff.formatter.list`, sorted). */
export const LIST_FORMATS = ['csv', 'json', 'table', 'value', 'yaml'];
/** Formats a ShowOne accepts (`cliff.formatter.show`, sorted). */
export const SHOW_FORMATS = ['json', 'shell', 'table', 'value', 'yaml'];

/** The params cliff puts before a command's own, in cliff's order (it decides usage and ambiguity messages). */
export function commonParams(kind: CommandKind): Param[] {
  if (kind === 'list') return [HELP, formatParam(LIST_FORMATS), COLUMN, QUOTE, NOINDENT, ...TABLE_PARAMS, ...SORT];
  if (kind === 'show') return [HELP, formatParam(SHOW_FORMATS), COLUMN, NOINDENT, PREFIX, ...TABLE_PARAMS];
  return [HELP];
}
