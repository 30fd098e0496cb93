/**
 * The program the lab runs inside its namespaces (`ip netns exec <ns> node lab-process.js …`): a second
 * entry point next to bin/portclash.js, so it owns its process. Two roles:
 *
 * - `server <address> <port,port…> <maxMs>`: accepts TCP connections and closes them at once (the server
 *   closes first, so TIME_WAIT stays on its side and clients can reuse their ports); prints `ready`.
 * - `worker`: reads a plan (one JSON line) from stdin, warms up, prints `ready`, waits for `start <ns>` (an
 *   instant of CLOCK_MONOTONIC, which all processes of the machine share), dials on schedule — spinning
 *   through the last stretch (the plan says how long) so that workers on different CPUs connect within
 *   microseconds of each other — and prints one JSON line of results.
 *
 * Both stop by themselves: at their deadline, and as soon as stdin closes (the lab that started them is gone).
 */
import { connect, createServer, type Socket } from 'node:net';
import { argv, exit, hrtime, stdin, stdout } from 'node:process';
import { createInterface } from 'node:readline';

interface PlanDial {
  readonly atNs: number;
  readonly host: string;
  readonly port: number;
  readonly localPort?: number;
  readonly holdNs: number;
}

interface WorkerPlan {
  readonly dials: readonly PlanDial[];
  /** After the last dial is due, how long to wait for connects still pending, ns. */
  readonly settleNs: number;
  /** Busy-wait through this last stretch before each dial (0: timers only), ns. */
  readonly spinNs: number;
}

interface DialOutcome {
  localPort: number | null;
  connectNs: number | null;
  error: string | null;
  lateNs: number;
}

/** Longest wait for the `start` line before giving up. */
const MAX_WAIT_FOR_START_MS = 120_000;

const lines = createInterface({ input: stdin });
lines.on('close', () => exit(0));

const role = argv[2];
if (role === 'server') runServer(argv[3] ?? '', (argv[4] ?? '').split(',').map(Number), Number(argv[5]));
else if (role === 'worker') runWorker();
else {
  stdout.write(`unknown role ${role}\n`);
  exit(2);
}

function runServer(address: string, ports: readonly number[], maxMs: number): void {
  setTimeout(() => exit(0), maxMs).unref();
  let listening = 0;
  for (const port of ports) {
    const server = createServer((socket) => {
      socket.on('error', () => {});
      socket.destroy();
    });
    server.on('error', (error) => {
      stdout.write(`error ${String(error)}\n`);
      exit(1);
    });
    server.listen({ host: address, port, backlog: 4096 }, () => {
      if (++listening === ports.length) stdout.write('ready\n');
    });
  }
  // Keep the event loop alive on stdin alone; `close` ends the process.
  lines.on('line', () => {});
}

function runWorker(): void {
  let plan: WorkerPlan | undefined;
  const giveUp = setTimeout(() => exit(4), MAX_WAIT_FOR_START_MS);
  lines.on('line', (line) => {
    if (plan === undefined) {
      plan = JSON.parse(line) as WorkerPlan;
      warmUp();
      stdout.write('ready\n');
    } else if (line.startsWith('start ')) {
      clearTimeout(giveUp);
      dialAll(plan, BigInt(line.slice(6)));
    }
  });
}

/** Gets the clock and the spin loop compiled before the first timed connect. */
function warmUp(): void {
  const until = hrtime.bigint() + 30_000_000n;
  while (hrtime.bigint() < until) {
    /* spin */
  }
}

function dialAll(plan: WorkerPlan, start: bigint): void {
  const outcomes: DialOutcome[] = plan.dials.map(() => ({
    localPort: null,
    connectNs: null,
    error: 'unfinished',
    lateNs: 0,
  }));
  const open = new Set<Socket>();
  let pending = plan.dials.length;
  let next = 0;
  let finished = false;
  const lastNs = plan.dials.reduce((a, d) => Math.max(a, d.atNs), 0);
  const deadline = start + BigInt(lastNs) + BigInt(plan.settleNs);

  const finish = () => {
    if (finished) return;
    finished = true;
    for (const s of open) s.destroy();
    stdout.write(`${JSON.stringify({ results: outcomes })}\n`, () => exit(0));
  };
  const settle = () => {
    if (pending === 0 && next === plan.dials.length && open.size === 0) finish();
  };
  const dial = (i: number, due: bigint) => {
    const d = plan.dials[i]!;
    const o = outcomes[i]!;
    const t0 = hrtime.bigint();
    o.lateNs = Number(t0 - due);
    const socket = connect(
      d.localPort === undefined
        ? { host: d.host, port: d.port }
        : { host: d.host, port: d.port, localPort: d.localPort },
    );
    open.add(socket);
    let done = false;
    const resolve = () => {
      if (!done) {
        done = true;
        pending--;
      }
    };
    socket.on('connect', () => {
      o.connectNs = Number(hrtime.bigint() - t0);
      o.localPort = socket.localPort ?? null;
      o.error = null;
      resolve();
      setTimeout(() => socket.destroy(), d.holdNs / 1e6);
    });
    socket.on('error', (error: Error & { code?: string }) => {
      if (o.connectNs === null) {
        o.error = error.code ?? error.message;
        resolve();
      }
    });
    socket.on('close', () => {
      open.delete(socket);
      resolve();
      settle();
    });
  };
  const spinNs = BigInt(plan.spinNs);
  const pump = () => {
    let dialled = false;
    while (next < plan.dials.length) {
      const due = start + BigInt(plan.dials[next]!.atNs);
      const ahead = due - hrtime.bigint();
      if (ahead > spinNs) {
        setTimeout(pump, Number(ahead - spinNs) / 1e6);
        return;
      }
      if (ahead > 0n && dialled) {
        // Let the connects issued so far leave (net.connect binds and connects on the next tick).
        setImmediate(pump);
        return;
      }
      while (hrtime.bigint() < due) {
        /* spin: timers are only good to a millisecond */
      }
      dial(next++, due);
      dialled = true;
    }
    settle();
  };
  setTimeout(finish, Number(deadline - hrtime.bigint()) / 1e6);
  pump();
}
