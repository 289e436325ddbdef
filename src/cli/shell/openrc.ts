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

/** The public half of the key pair the guide makes with `ssh-keygen -q -N ""` (a fixed key; its private half is not kept anywhere). */
export const DEMO_PUBLIC_KEY =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCFy3rZ3cvR5zN3oPWNKeWg57HMkhGN7tRvtArwEYegXDvBMUtQSPo8bvgWNGsGJrzJ0rak9m4eSbUPXX+7USJeAnPoMzBHmugDyPqLT4Oz7kAfPyjGTbg/Cf/xLk963nvr0QSJin9tBKKmjSA1E9GVIAETggsnWjcal2mIG1fn3Xgj/RJe5AOqbX9ZrbXiNFj4CObNRdaRATJI5euq60xxUEwC+O34Kc20pz2MIGiRGU+RqCA8IzB6CTrM8fYS2gyAjLchd5kgpCENbT102lni74/RTV3QJFgKaagm9zlXpW1KVMyR4UFZfB//sYs/hQToEycY5aYlMtW+KMM4Rzt9 root@controller\n';

/** File name → content: the install guide's `admin-openrc`, `demo-openrc` and the key from `ssh-keygen`. */
export const FILES: Record<string, string> = {
  'admin-openrc': openrc('admin', 'admin', 'ADMIN_PASS'),
  'demo-openrc': openrc('myproject', 'myuser', 'DEMO_PASS'),
  '.ssh/id_rsa.pub': DEMO_PUBLIC_KEY,
};

/** The file a path names (`admin-openrc`, `./admin-openrc`, `~/admin-openrc`), if it is one of ours. */
export function readFile(path: string): string | undefined {
  const name = path.replace(/^(?:~\/|\.\/|\/root\/|\/home\/[^/]+\/)/, '');
  return Object.hasOwn(FILES, name) ? FILES[name] : undefined;
}
