/** A small runner for real-client scenarios: runs `openstack`, records checks, prints `N passed, M failed`. */
import { spawn } from 'node:child_process';

/** What one `openstack` run gave. */
export interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `openstack` with `env`; never throws (a spawn error is reported as code null). */
export function openstack(args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('openstack', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ args, code: null, stdout, stderr: stderr + String(e) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, code, stdout, stderr });
    });
  });
}

/** The rows of a PrettyTable (`| a | b |`), cells trimmed; continuation lines stay separate rows. */
export function tableRows(out: string): string[][] {
  return out
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
}

/** The header cells of the first table in `out`. */
export function header(out: string): string[] {
  return tableRows(out)[0] ?? [];
}

/** The value of `field` in a Field/Value table (continuation lines joined without spaces). */
export function field(out: string, name: string): string | undefined {
  const rows = tableRows(out);
  const i = rows.findIndex((r) => r[0] === name);
  if (i < 0) return undefined;
  let v = rows[i][1];
  for (let j = i + 1; j < rows.length && rows[j][0] === ''; j++) v += rows[j][1];
  return v;
}

/** Collects results: `check` records one, `summary` prints the closing line and returns the failure count. */
export class Results {
  passed = 0;
  failed = 0;
  private log: (s: string) => void;

  constructor(log: (s: string) => void = (s) => process.stdout.write(s + '\n')) {
    this.log = log;
  }

  /** Records `name` as passed when `problems` is empty; prints the command's output when it failed. */
  check(name: string, problems: string[], run?: Run): boolean {
    if (!problems.length) {
      this.passed += 1;
      this.log(`ok - ${name}`);
      return true;
    }
    this.failed += 1;
    this.log(`not ok - ${name}`);
    for (const p of problems) this.log(`    ${p}`);
    if (run) {
      this.log(`    $ openstack ${run.args.join(' ')}  (exit ${run.code})`);
      for (const l of (run.stdout + run.stderr).trimEnd().split('\n').slice(-25)) this.log(`    | ${l}`);
    }
    return false;
  }

  /** Prints `N passed, M failed`; returns the number failed. */
  summary(): number {
    this.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed;
  }
}

/** Problems with a run that should have exited 0. */
export function exitedZero(run: Run): string[] {
  return run.code === 0 ? [] : [`exit code ${run.code}, expected 0`];
}

/** Problems when `actual` is not `expected`. */
export function equal(what: string, actual: unknown, expected: unknown): string[] {
  return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`];
}

/** Problems when `text` does not match `re`. */
export function matches(what: string, text: string | undefined, re: RegExp): string[] {
  return text !== undefined && re.test(text) ? [] : [`${what}: ${JSON.stringify(text)} does not match ${re}`];
}
