/** Failures the command line reports as the real client does: one line on stderr and an exit code. */

/** A failure with the exact message the real client prints (osc-lib's CommandError); exit status 1. */
export class CommandError extends Error {
  exitCode: number;
  /** Extra text for stdout (e.g. `--wait` failures print to both streams). */
  stdout: string;

  constructor(message: string, exitCode = 1, stdout = '') {
    super(message);
    this.exitCode = exitCode;
    this.stdout = stdout;
  }
}

/** An argparse error: the usage block and `prog: error: message`, exit status 2. */
export class UsageError extends Error {
  usage: string;

  constructor(usage: string, message: string) {
    super(message);
    this.usage = usage;
  }
}

/** `-h/--help` was given: print this text and exit 0. */
export class HelpExit extends Error {
  text: string;

  constructor(text: string) {
    super('help');
    this.text = text;
  }
}

/** An HTTP error response, kept whole so each client library can word it its own way. */
export class HttpError extends Error {
  status: number;
  url: string;
  method: string;
  body: any;
  headers: { get(name: string): string | null };

  constructor(method: string, url: string, status: number, body: unknown, headers: { get(name: string): string | null }) {
    super(`${status} for ${method} ${url}`);
    this.method = method;
    this.url = url;
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}
