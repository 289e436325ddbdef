/** The options of `npm run cloud`. */

/** Parsed command-line options. */
export interface ServeArgs {
  host: string;
  portOffset: number;
  randomPorts: boolean;
  speed: number;
  seed: number;
  computes: string[];
  mechanism: 'openvswitch' | 'linuxbridge';
  /** Write admin-openrc here. */
  openrcFile?: string;
  /** Keep the fixed 2026-01-05 epoch instead of the real date. */
  epochClock: boolean;
  quiet: boolean;
  help: boolean;
}

/** The usage text. */
export const USAGE = `usage: npm run cloud -- [options]

Serves a simulated OpenStack cloud on 127.0.0.1, one port per service:
keystone 5000, glance 9292, placement 8778, nova 8774, neutron 9696,
cinder 8776, nova-novncproxy 6080.

  --host ADDR            listen on ADDR and put it in the catalog (default 127.0.0.1)
  --port-offset N        add N to every port (env STACKBOOK_PORT_OFFSET)
  --random-ports         let the system pick free ports
  --speed X              virtual seconds per real second (default 1; env STACKBOOK_SPEED)
  --seed N               id seed (default 42)
  --computes a,b         compute node names (default compute1)
  --mechanism M          openvswitch (default) or linuxbridge
  --epoch-clock          start at the simulator's fixed date (2026-01-05) instead of
                         today (tokens then look expired to real clients)
  --openrc FILE          also write admin-openrc to FILE
  --quiet                no request log
  -h, --help             this text
`;

/** Parses `argv` (without node and script) and the environment; throws an Error with a readable message. */
export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): ServeArgs {
  const a: ServeArgs = {
    host: '127.0.0.1',
    portOffset: num('STACKBOOK_PORT_OFFSET', env.STACKBOOK_PORT_OFFSET ?? '0'),
    randomPorts: false,
    speed: num('STACKBOOK_SPEED', env.STACKBOOK_SPEED ?? '1'),
    seed: 42,
    computes: ['compute1'],
    mechanism: 'openvswitch',
    epochClock: false,
    quiet: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--host': a.host = value(); break;
      case '--port-offset': a.portOffset = num(flag, value()); break;
      case '--random-ports': a.randomPorts = true; break;
      case '--speed': a.speed = num(flag, value()); break;
      case '--seed': a.seed = num(flag, value()); break;
      case '--computes': a.computes = value().split(',').filter(Boolean); break;
      case '--mechanism': {
        const m = value();
        if (m !== 'openvswitch' && m !== 'linuxbridge') throw new Error(`--mechanism must be openvswitch or linuxbridge, not ${m}`);
        a.mechanism = m;
        break;
      }
      case '--openrc': a.openrcFile = value(); break;
      case '--epoch-clock': a.epochClock = true; break;
      case '--quiet': a.quiet = true; break;
      case '-h': case '--help': a.help = true; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!(a.speed > 0)) throw new Error(`--speed must be above 0, not ${a.speed}`);
  if (a.portOffset < 0 || a.portOffset > 50000) throw new Error(`--port-offset must be between 0 and 50000, not ${a.portOffset}`);
  return a;
}

function num(flag: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`${flag} must be a number, not ${JSON.stringify(v)}`);
  return n;
}
