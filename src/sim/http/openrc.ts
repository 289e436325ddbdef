/** The openrc files the install guide has you source, pointing at where the server listens. */
import { PASSWORDS } from '../cloud.ts';

/** The install guide's two identities: admin-openrc and demo-openrc. */
export type Who = 'admin' | 'demo';

const IDS: Record<Who, { user: string; project: string; password: string }> = {
  admin: { user: 'admin', project: 'admin', password: PASSWORDS.admin },
  demo: { user: 'myuser', project: 'myproject', password: PASSWORDS.myuser },
};

/** The text of `<who>-openrc` for an identity endpoint at `authUrl` (`http://127.0.0.1:5000/v3`). */
export function openrc(authUrl: string, who: Who = 'admin'): string {
  const id = IDS[who];
  return [
    `export OS_PROJECT_DOMAIN_NAME=Default`,
    `export OS_USER_DOMAIN_NAME=Default`,
    `export OS_PROJECT_NAME=${id.project}`,
    `export OS_USERNAME=${id.user}`,
    `export OS_PASSWORD=${id.password}`,
    `export OS_AUTH_URL=${authUrl}`,
    `export OS_IDENTITY_API_VERSION=3`,
    `export OS_IMAGE_API_VERSION=2`,
    '',
  ].join('\n');
}
