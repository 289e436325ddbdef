/** What a shell keeps between inputs: plain data, so the browser can store it. */

/** Shell state: exported variables (what `openstack` sees), shell-only variables and the last exit status. */
export interface ShellSession {
  env: Record<string, string>;
  vars: Record<string, string>;
  lastExit: number;
}

/** A fresh session: no credentials loaded, like a new login shell on the controller. */
export function newSession(): ShellSession {
  return { env: { HOME: '/root', USER: 'root', PWD: '/root', SHELL: '/bin/bash' }, vars: {}, lastExit: 0 };
}

/** The hooks a host gives for the network commands; the default says the network is unreachable. */
export interface NetworkHooks {
  ping(ip: string, count: number): Promise<{ output: string; exitCode: number }>;
  ssh(user: string, ip: string): Promise<{ output: string; exitCode: number }>;
}

/** With no network wired in: the errors a host with no route prints. */
export const NO_NETWORK: NetworkHooks = {
  async ping() {
    return { output: 'ping: connect: Network is unreachable\n', exitCode: 2 };
  },
  async ssh(_user, ip) {
    return { output: `ssh: connect to host ${ip} port 22: No route to host\n`, exitCode: 255 };
  },
};
