// @ts-check
/**
 * A tiny static file server for the built site, used as Playwright's webServer.
 * Usage: node tests/e2e/static-server.mjs <dir> <port> [base]
 * Serves <dir> under <base> (default "/") on 127.0.0.1, like a plain static host would:
 * /a/b/ → a/b/index.html, unknown paths → 404.html with status 404.
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const [dirArg = 'dist', portArg = '4329', baseArg = '/'] = process.argv.slice(2);
const root = resolve(dirArg);
const base = ('/' + baseArg.replace(/^\/+|\/+$/g, '') + '/').replace('//', '/');
/** @type {Record<string, string>} */
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Returns the file to send for a URL path inside the site, or undefined.
 * @param {string} pathname
 */
async function fileFor(pathname) {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(root, rel);
  if (!file.startsWith(root)) return undefined;
  const s = await stat(file).catch(() => undefined);
  if (s?.isDirectory()) file = join(file, 'index.html');
  else if (!s) return undefined;
  return (await stat(file).catch(() => undefined))?.isFile() ? file : undefined;
}

createServer(async (req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname + '/' === base) {
    res.writeHead(301, { location: base }).end();
    return;
  }
  const file = pathname.startsWith(base) ? await fileFor(pathname.slice(base.length)) : undefined;
  if (!file) {
    const notFound = await readFile(join(root, '404.html')).catch(() => Buffer.from('Not found'));
    res.writeHead(404, { 'content-type': types['.html'] }).end(notFound);
    return;
  }
  const body = await readFile(file);
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
}).listen(Number(portArg), '127.0.0.1', () => {
  console.log(`Serving ${dirArg} at http://127.0.0.1:${portArg}${base}`);
});
