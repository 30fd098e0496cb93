/**
 * The program the lab runs inside its namespaces (`ip netns exec <ns> node lab-process.js …`): a second
 * entry point next to bin/portclash.js, so it owns its process. Two roles:
 *
 * - `server <address> <port,port…> <maxMs> [udp-port,…]`: accepts TCP connections and closes them at once (the
 *   server closes first, so TIME_WAIT stays on its side and clients can reuse their ports), and answers DNS
 *   A and AAAA queries on the UDP ports with fixed records; prints `ready`.
 * - `worker`: reads a plan (one JSON line) from stdin, warms up, prints `ready`, waits for `start <ns>` (an
 *   instant of CLOCK_MONOTONIC, which all processes of the machine share), dials on schedule — spinning
 *   through the last stretch (the plan says how long) so that workers on different CPUs connect within
 *   microseconds of each other —, makes its DNS lookups (A and AAAA sent back to back from one UDP socket, as
 *   glibc's sendmmsg; glibc's 5 s timeout and retry, simplified) and prints one JSON line of results.
 *
 * Both stop by themselves: at their deadline, and as soon as stdin closes (the lab that started them is gone).
 */
import { createSocket } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';
import { argv, exit, hrtime, stdin, stdout } from 'node:process';
import { createInterface } from 'node:readline';
import {
  buildDnsAnswer,
  buildDnsQuery,
  DNS_TYPE_A,
  DNS_TYPE_AAAA,
  parseDnsQuestion,
  parseDnsResponseHeader,
} from '../../formats/dns/dns-message.js';

interface PlanDial {
  readonly atNs: number;
  readonly host: string;
  readonly port: number;
  readonly localPort?: number;
  readonly holdNs: number;
}

interface PlanLookup {
  readonly atNs: number;
  readonly host: string;
  readonly port: number;
  /** Per try, ns (glibc: 5 s). */
  readonly timeoutNs: number;
  /** Tries in all (glibc `attempts`, 2). */
  readonly attempts: number;
}

interface LookupOutcome {
  localPort: number | null;
  /** From the first send to the second answer, ns; null when the lookup failed or did not finish. */
  totalNs: number | null;
  /** Times the queries were sent (1: answered in the first try). */
  tries: number;
  error: string | null;
  lateNs: number;
}

interface WorkerPlan {
  readonly dials: readonly PlanDial[];
  readonly lookups?: readonly PlanLookup[];
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

/** The responder's fixed records: an address of the lab's range, and 2001:db8::1 (documentation). */
const A_RECORD = Uint8Array.of(198, 19, 255, 254);
const AAAA_RECORD = Uint8Array.from({ length: 16 }, (_, i) =>
  i === 0 ? 0x20 : i === 1 ? 0x01 : i === 2 ? 0x0d : i === 3 ? 0xb8 : i === 15 ? 1 : 0,
);

/** Longest wait for the `start` line before giving up. */
const MAX_WAIT_FOR_START_MS = 120_000;

const lines = createInterface({ input: stdin });
lines.on('close', () => exit(0));

const role = argv[2];
const portList = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .filter((p) => p !== '')
    .map(Number);
if (role === 'server') runServer(argv[3] ?? '', portList(argv[4]), Number(argv[5]), portList(argv[6]));
else if (role === 'worker') runWorker();
else {
  stdout.write(`unknown role ${role}\n`);
  exit(2);
}

function runServer(
  address: string,
  ports: readonly number[],
  maxMs: number,
  udpPorts: readonly number[],
): void {
  setTimeout(() => exit(0), maxMs).unref();
  let listening = 0;
  const listened = () => {
    if (++listening === ports.length + udpPorts.length) stdout.write('ready\n');
  };
  for (const port of udpPorts) {
    const socket = createSocket('udp4');
    socket.on('message', (msg, from) => {
      const q = parseDnsQuestion(msg);
      if (q === undefined) return;
      const record = q.qtype === DNS_TYPE_A ? A_RECORD : q.qtype === DNS_TYPE_AAAA ? AAAA_RECORD : undefined;
      socket.send(buildDnsAnswer(msg, q, record), from.port, from.address);
    });
    socket.on('error', (error) => {
      stdout.write(`error ${String(error)}\n`);
      exit(1);
    });
    socket.bind(port, address, listened);
  }
  for (const port of ports) {
    const server = createServer((socket) => {
      socket.on('error', () => {});
      socket.destroy();
    });
    server.on('error', (error) => {
      stdout.write(`error ${String(error)}\n`);
      exit(1);
    });
    server.listen({ host: address, port, backlog: 4096 }, listened);
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
  const lookups = plan.lookups ?? [];
  const lookupOutcomes: LookupOutcome[] = lookups.map(() => ({
    localPort: null,
    totalNs: null,
    tries: 0,
    error: 'unfinished',
    lateNs: 0,
  }));
  let lookupsPending = lookups.length;
  const closeLookups: (() => void)[] = [];
  let pending = plan.dials.length;
  let next = 0;
  let finished = false;
  const lastNs = Math.max(
    plan.dials.reduce((a, d) => Math.max(a, d.atNs), 0),
    lookups.reduce((a, l) => Math.max(a, l.atNs + l.timeoutNs * l.attempts), 0),
  );
  const deadline = start + BigInt(lastNs) + BigInt(plan.settleNs);

  const finish = () => {
    if (finished) return;
    finished = true;
    for (const s of open) s.destroy();
    for (const close of closeLookups) close();
    stdout.write(`${JSON.stringify({ results: outcomes, lookups: lookupOutcomes })}\n`, () => exit(0));
  };
  const settle = () => {
    if (pending === 0 && next === plan.dials.length && open.size === 0 && lookupsPending === 0) finish();
  };
  lookups.forEach((l, i) => {
    const due = start + BigInt(l.atNs);
    const run = () => {
      const o = lookupOutcomes[i]!;
      o.lateNs = Number(hrtime.bigint() - due);
      closeLookups.push(
        lookUp(l, o, i, () => {
          lookupsPending--;
          settle();
        }),
      );
    };
    setTimeout(run, Math.max(0, Number(due - hrtime.bigint()) / 1e6));
  });
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

/**
 * One getaddrinfo() as glibc makes it (kernel-nat.md §6.2), simplified: a fresh UDP socket, A and AAAA sent back
 * to back without waiting (two `send` calls, as sendmmsg), both answers awaited for `timeoutNs`; on a timeout
 * the unanswered queries are sent again on the same socket (glibc: single-request fallback when one answer
 * came, next attempt when none), up to `attempts` tries. Returns a function that closes the socket.
 */
function lookUp(l: PlanLookup, o: LookupOutcome, index: number, done: () => void): () => void {
  const socket = createSocket('udp4');
  const ids = [(index * 2) & 0xffff, (index * 2 + 1) & 0xffff] as const;
  const queries = [
    buildDnsQuery(ids[0], 'svc.lab.test', DNS_TYPE_A),
    buildDnsQuery(ids[1], 'svc.lab.test', DNS_TYPE_AAAA),
  ];
  const answered = [false, false];
  let t0 = 0n;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (timer !== undefined) clearTimeout(timer);
    socket.close();
  };
  const end = (error: string | null) => {
    if (closed) return;
    o.error = error;
    close();
    done();
  };
  const sendTry = () => {
    o.tries++;
    for (const q of [0, 1]) if (!answered[q]) socket.send(queries[q]!, l.port, l.host);
    timer = setTimeout(() => (o.tries < l.attempts ? sendTry() : end('timeout')), l.timeoutNs / 1e6);
  };
  socket.on('message', (msg) => {
    const h = parseDnsResponseHeader(msg);
    const q = h === undefined ? -1 : ids.indexOf(h.id as (typeof ids)[number]);
    if (q < 0 || answered[q]) return;
    answered[q] = true;
    if (answered[0] && answered[1]) {
      o.totalNs = Number(hrtime.bigint() - t0);
      end(null);
    }
  });
  socket.on('error', (error: Error & { code?: string }) => end(error.code ?? error.message));
  // Bound first, so that both sends leave back to back rather than behind an implicit bind.
  socket.bind(0, () => {
    o.localPort = socket.address().port;
    t0 = hrtime.bigint();
    sendTry();
  });
  return close;
}
