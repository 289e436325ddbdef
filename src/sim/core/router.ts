/** Route tables and matching: `'GET /v2.1/servers/{server_id}'` against a method and path. */

/** A compiled route: the method, a regexp for the path and the names of its parameters. */
export interface CompiledRoute<H> {
  method: string;
  pattern: RegExp;
  params: string[];
  handler: H;
  key: string;
}

/** Compiles a route table; keys are `'METHOD /path/{param}'`. Literal segments win over parameters. */
export function compileRoutes<H>(routes: Record<string, H>): CompiledRoute<H>[] {
  const out: CompiledRoute<H>[] = [];
  for (const [key, handler] of Object.entries(routes)) {
    const space = key.indexOf(' ');
    const method = key.slice(0, space);
    const path = key.slice(space + 1);
    const params: string[] = [];
    const re = path
      .split('/')
      .map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        params.push(m[1]);
        return '([^/]+)';
      })
      .join('/');
    out.push({ method, pattern: new RegExp(`^${re}/?$`), params, handler, key });
  }
  // Routes with fewer parameters first, so /servers/detail beats /servers/{server_id}.
  return out.sort((a, b) => a.params.length - b.params.length);
}

/** The result of matching: the route and its decoded parameters, or which methods the path allows. */
export type Match<H> =
  | { route: CompiledRoute<H>; params: Record<string, string> }
  | { route: undefined; allowed: string[] };

/** Finds the route for `method path`. */
export function matchRoute<H>(routes: CompiledRoute<H>[], method: string, path: string): Match<H> {
  const allowed: string[] = [];
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) {
      allowed.push(r.method);
      continue;
    }
    const params: Record<string, string> = {};
    r.params.forEach((p, i) => {
      params[p] = safeDecode(m[i + 1]);
    });
    return { route: r, params };
  }
  return { route: undefined, allowed };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
