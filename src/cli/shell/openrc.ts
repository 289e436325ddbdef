/** The install guide's client environment scripts, the only "files" this shell has. */

/** Builds an openrc script's text. */
function openrc(project: string, user: string, password: string): string {
  return [
    'export OS_PROJECT_DOMAIN_NAME=Default',
    'export OS_USER_DOMAIN_NAME=Default',
    `export OS_PROJECT_NAME=${project}`,
    `export OS_USERNAME=${user}`,
    `export OS_PASSWORD=${password}`,
    'export OS_AUTH_URL=http://controller:5000/v3',
    'export OS_IDENTITY_API_VERSION=3',
    'export OS_IMAGE_API_VERSION=2',
    '',
  ].join('\n');
}

/** File name → content: `admin-openrc` and `demo-openrc` from the install guide. */
export const FILES: Record<string, string> = {
  'admin-openrc': openrc('admin', 'admin', 'ADMIN_PASS'),
  'demo-openrc': openrc('myproject', 'myuser', 'DEMO_PASS'),
};

/** The file a path names (`admin-openrc`, `./admin-openrc`, `~/admin-openrc`), if it is one of ours. */
export function readFile(path: string): string | undefined {
  const name = path.replace(/^(?:~\/|\.\/|\/root\/|\/home\/[^/]+\/)/, '');
  return Object.hasOwn(FILES, name) ? FILES[name] : undefined;
}
