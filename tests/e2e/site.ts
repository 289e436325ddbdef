/** What the tests know about the built site: its pages, read from dist/. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Port and folder of the normal build; the base-path build lives apart. */
export const SITE = { dir: 'dist-e2e', port: 4329, url: 'http://127.0.0.1:4329' };
/** The build made with STACKBOOK_BASE, served under that base. */
export const BASE_SITE = { dir: 'dist-base', port: 4330, base: '/stackbook/', url: 'http://127.0.0.1:4330/stackbook/' };

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '_astro' || name === 'pagefind' ? [] : htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** The URL path of every page in a build folder (`/`, `/concepts/architecture/`, `/404.html`), sorted. */
export function pagePaths(dir = SITE.dir): string[] {
  return htmlFiles(dir)
    .map((file) => '/' + relative(dir, file).split(sep).join('/'))
    .map((p) => (p.endsWith('/index.html') ? p.slice(0, -'index.html'.length) : p))
    .sort();
}

/** Pages a reader can reach: all but the 404 page and test fixtures. */
export function readerPages(dir = SITE.dir): string[] {
  return pagePaths(dir).filter((p) => p !== '/404.html' && !p.startsWith('/e2e/'));
}

/** The built HTML of a page path. */
export function builtHtml(path: string, dir = SITE.dir): string {
  const file = path.endsWith('.html') ? path : path + 'index.html';
  return readFileSync(join(dir, file), 'utf8');
}

/** The diagrams and the page each one is on. */
export const DIAGRAM_PAGES = {
  architecture: '/concepts/architecture/',
  'provider-network': '/concepts/provider-network/',
  'request-flow': '/concepts/launch-instance/',
} as const;

/** Is this URL or path a script that renders diagrams (mermaid, its chunks and layout engines, beautiful-mermaid)? */
export function isDiagramCode(url: string): boolean {
  const path = url.startsWith('/') ? url : new URL(url).pathname;
  return /\.m?js$/.test(path) && /mermaid|beautiful|elk|cytoscape|dagre|katex|Diagram-|flowDiagram|sequenceDiagram/i.test(path);
}

/** Scripts a page may carry for content other than diagrams: Expressive Code's copy button. */
export const CONTENT_SCRIPTS = /\/ec\.[\w-]+\.js$/;
