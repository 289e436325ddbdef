/** Every command module's table, joined. To add a module: import its array and spread it below (one line each). */
import type { CommandSpec } from '../types.ts';
import { agentCommands } from './agent.ts';
import { catalogCommands } from './catalog.ts';
import { computeServiceCommands } from './compute-service.ts';
import { flavorCommands } from './flavor.ts';
import { hypervisorCommands } from './hypervisor.ts';
import { identityCommands } from './identity.ts';
import { imageCommands } from './image.ts';
import { imageSetCommands } from './image-set.ts';
import { keypairCommands } from './keypair.ts';
import { limitsCommands } from './limits.ts';
import { networkCommands } from './network.ts';
import { placementCommands } from './placement.ts';
import { quotaCommands } from './quota.ts';
import { securityGroupCommands } from './security-group.ts';
import { subnetCommands } from './subnet.ts';
import { portCommands } from './port.ts';
import { tokenCommands } from './token.ts';
import { userCommands } from './user.ts';
import { consoleCommands } from './console.ts';
import { serverCommands } from './server.ts';
import { serverCreateCommands } from './server-create.ts';
import { volumeCommands } from './volume.ts';
import { roleCommands } from './role.ts';

/** The whole command table: parser, help and completions all come from it. */
export const COMMANDS: CommandSpec[] = [
  ...tokenCommands,
  ...catalogCommands,
  ...identityCommands,
  ...userCommands,
  ...imageCommands,
  ...imageSetCommands,
  ...flavorCommands,
  ...keypairCommands,
  ...subnetCommands,
  ...portCommands,
  ...networkCommands,
  ...consoleCommands,
  ...serverCommands,
  ...serverCreateCommands,
  ...securityGroupCommands,
  ...computeServiceCommands,
  ...agentCommands,
  ...hypervisorCommands,
  ...volumeCommands,
  ...quotaCommands,
  ...limitsCommands,
  ...placementCommands,
  ...roleCommands,
];
