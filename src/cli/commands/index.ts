/** Every command module's table, joined. To add a module: import its array and spread it below (one line each). */
import type { CommandSpec } from '../types.ts';
import { catalogCommands } from './catalog.ts';
import { identityCommands } from './identity.ts';
import { imageCommands } from './image.ts';
import { tokenCommands } from './token.ts';

/** The whole command table: parser, help and completions all come from it. */
export const COMMANDS: CommandSpec[] = [
  ...tokenCommands,
  ...catalogCommands,
  ...identityCommands,
  ...imageCommands,
];
