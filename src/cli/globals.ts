/** The `openstack` program's own options (`--os-*`, `--debug`) and how they combine with OS_* variables. */
import type { Credentials } from './client.ts';
import type { Param } from './types.ts';

/** Global options we take, in the real parser's order; the value goes to `dest`, the env fallback is `env`. */
export const GLOBAL_PARAMS: (Param & { env?: string })[] = [
  { flags: ['--version'], dest: 'version', action: 'true', help: "show program's version number and exit" },
  { flags: ['-v', '--verbose'], dest: 'verbose', action: 'true', help: 'Increase verbosity of output. Can be repeated.' },
  { flags: ['-q', '--quiet'], dest: 'quiet', action: 'true', help: 'Suppress output except warnings and errors.' },
  { flags: ['-h', '--help'], dest: 'help', action: 'true', help: 'Show help message and exit.' },
  { flags: ['--debug'], dest: 'debug', action: 'true', help: 'Show tracebacks on errors.' },
  { flags: ['--os-cloud'], dest: 'cloud', metavar: '<cloud-config-name>', env: 'OS_CLOUD', help: 'Cloud name in clouds.yaml (Env: OS_CLOUD)' },
  { flags: ['--os-region-name'], dest: 'regionName', metavar: '<auth-region-name>', env: 'OS_REGION_NAME', help: 'Authentication region name (Env: OS_REGION_NAME)' },
  { flags: ['--os-interface'], dest: 'interface', metavar: '<interface>', env: 'OS_INTERFACE', help: 'Select an interface type. Valid interface types: [admin, public, internal]. default=public, (Env: OS_INTERFACE)' },
  { flags: ['--os-compute-api-version'], dest: 'computeApiVersion', metavar: '<compute-api-version>', env: 'OS_COMPUTE_API_VERSION', help: 'Compute API version, default=2.1 (Env: OS_COMPUTE_API_VERSION)' },
  { flags: ['--os-identity-api-version'], dest: 'identityApiVersion', metavar: '<identity-api-version>', env: 'OS_IDENTITY_API_VERSION', help: 'Identity API version, default=3 (Env: OS_IDENTITY_API_VERSION)' },
  { flags: ['--os-image-api-version'], dest: 'imageApiVersion', metavar: '<image-api-version>', env: 'OS_IMAGE_API_VERSION', help: 'Image API version, default=2 (Env: OS_IMAGE_API_VERSION)' },
  { flags: ['--os-network-api-version'], dest: 'networkApiVersion', metavar: '<network-api-version>', env: 'OS_NETWORK_API_VERSION', help: 'Network API version, default=2.0 (Env: OS_NETWORK_API_VERSION)' },
  { flags: ['--os-volume-api-version'], dest: 'volumeApiVersion', metavar: '<volume-api-version>', env: 'OS_VOLUME_API_VERSION', help: 'Volume API version, default=3 (Env: OS_VOLUME_API_VERSION)' },
  { flags: ['--os-placement-api-version'], dest: 'placementApiVersion', metavar: '<placement-api-version>', env: 'OS_PLACEMENT_API_VERSION', help: 'Placement API version, default=1.0 (Env: OS_PLACEMENT_API_VERSION)' },
  { flags: ['--os-auth-url'], dest: 'authUrl', metavar: '<auth-auth-url>', env: 'OS_AUTH_URL', help: 'With password: Authentication URL (Env: OS_AUTH_URL)' },
  { flags: ['--os-project-name'], dest: 'projectName', metavar: '<auth-project-name>', env: 'OS_PROJECT_NAME', help: 'With password: Project name to scope to (Env: OS_PROJECT_NAME)' },
  { flags: ['--os-project-domain-name'], dest: 'projectDomainName', metavar: '<auth-project-domain-name>', env: 'OS_PROJECT_DOMAIN_NAME', help: 'With password: Domain name containing project (Env: OS_PROJECT_DOMAIN_NAME)' },
  { flags: ['--os-username'], dest: 'username', metavar: '<auth-username>', env: 'OS_USERNAME', help: 'With password: Username (Env: OS_USERNAME)' },
  { flags: ['--os-user-domain-name'], dest: 'userDomainName', metavar: '<auth-user-domain-name>', env: 'OS_USER_DOMAIN_NAME', help: "With password: User's domain name (Env: OS_USER_DOMAIN_NAME)" },
  { flags: ['--os-password'], dest: 'password', metavar: '<auth-password>', env: 'OS_PASSWORD', help: "With password: User's password (Env: OS_PASSWORD)" },
];

/** Global options found anywhere before `--` (cliff parses them with parse_known_args), and what is left. */
export interface Globals {
  values: Record<string, any>;
  rest: string[];
  /** Set when a global option lacks its value. */
  error?: string;
}

/** Real global options we accept and ignore; they matter for argparse's prefix matching (`--v` is ambiguous). */
const IGNORED = ['--log-file', '--verify', '--insecure', '--os-cacert', '--os-cert', '--os-key', '--os-default-domain', '--timing',
  '--os-beta-command', '--os-object-api-version', '--os-auth-type', '--os-system-scope', '--os-domain-id', '--os-domain-name',
  '--os-project-id', '--os-project-domain-id', '--os-trust-id', '--os-user-id', '--os-user-domain-id', '--os-token', '--os-endpoint'];
const TAKES_NO_VALUE = ['--verify', '--insecure', '--timing', '--os-beta-command'];

/** Pulls the global options out of argv, anywhere before `--`, as cliff's parse_known_args does (unique prefixes too). */
export function parseGlobals(argv: string[]): Globals {
  const values: Record<string, any> = {};
  const rest: string[] = [];
  const longs = [...GLOBAL_PARAMS.flatMap((p) => p.flags!.filter((f) => f.startsWith('--'))), ...IGNORED];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { rest.push(...argv.slice(i)); break; }
    if (!a.startsWith('-')) { rest.push(a); continue; }
    const [typed, ...eq] = a.split('=');
    let flag = typed;
    if (!longs.includes(flag) && flag.startsWith('--') && flag.length > 2) {
      const matches = longs.filter((f) => f.startsWith(flag));
      if (matches.length > 1) return { values, rest, error: `ambiguous option: ${flag} could match ${matches.join(', ')}` };
      if (matches.length === 1) flag = matches[0];
    }
    const p = GLOBAL_PARAMS.find((g) => g.flags!.includes(flag));
    if (!p) {
      if (IGNORED.includes(flag)) {
        if (!TAKES_NO_VALUE.includes(flag) && !eq.length) i++;
        continue;
      }
      rest.push(a);
      continue;
    }
    if (p.action === 'true') { values[p.dest] = true; continue; }
    if (eq.length) { values[p.dest] = eq.join('='); continue; }
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && next.length > 1)) return { values, rest, error: `argument ${p.flags!.join('/')}: expected one argument` };
    values[p.dest] = next;
    i++;
  }
  return { values, rest };
}

/** The credentials: each --os-* option, else its OS_* variable. */
export function credentials(g: Record<string, any>, env: Record<string, string>): Credentials {
  const pick = (dest: string): string | undefined => {
    if (g[dest] !== undefined) return g[dest];
    const envName = GLOBAL_PARAMS.find((p) => p.dest === dest)?.env;
    return envName ? env[envName] || undefined : undefined;
  };
  return {
    authUrl: pick('authUrl'), username: pick('username'), password: pick('password'), projectName: pick('projectName'),
    userDomainName: pick('userDomainName'), projectDomainName: pick('projectDomainName'), regionName: pick('regionName'),
    interface: pick('interface'), computeApiVersion: pick('computeApiVersion'), placementApiVersion: pick('placementApiVersion'),
  };
}
