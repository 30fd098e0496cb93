import { availableParallelism, release } from 'node:os';
import { execPath, hrtime, pid } from 'node:process';
import type { LabAddressEntry } from '../../core/lab/lab-address-map.js';
import type {
  LabContainerRun,
  LabDialResult,
  LabLookupResult,
  LabMeasurement,
} from '../../core/lab/lab-measurement.js';
import { matchSynTimes } from '../../core/lab/match-syn-times.js';
import type { LabLoadPlan } from '../../core/lab/plan-lab-load.js';
import type { LabTopology } from '../../core/lab/plan-lab-topology.js';
import { formatIpv4 } from '../../core/net/ipv4.js';
import { NS_PER_MS, NS_PER_S } from '../../core/time/sim-time.js';
import { readPcapSyns } from '../../formats/pcap/read-pcap-syns.js';
import { type LabChild, LabChildError } from './lab-child.js';
import { LabError, type LabRunRequest } from './lab-port.js';
import type { LabSession } from './lab-session.js';
import { applyLabRules, readConntrackList, readConntrackStats } from './node-netfilter.js';
import { runChecked, runCommand } from './run-command.js';
import { SynCapture } from './syn-capture.js';

const READY_TIMEOUT_MS = 30_000;
/** Margin between "all workers ready" and the common start. */
const START_MARGIN_NS = 300n * BigInt(NS_PER_MS);
const SPIN_NS = 2 * NS_PER_MS;

/**
 * Builds the topology, installs and reads back the rules, starts the servers and the workers, releases the
 * workers together and collects their results, the counters before and after, and `conntrack -L`. Everything
 * it creates is recorded in the session, which the caller undoes.
 */
export async function measureLabRun(
  req: LabRunRequest,
  script: string,
  topology: LabTopology,
  plan: LabLoadPlan,
  cpus: readonly number[] | undefined,
  session: LabSession,
  notes: string[],
  addressMap: readonly LabAddressEntry[],
): Promise<LabMeasurement> {
  const progress = req.onProgress ?? (() => {});
  progress(`building ${topology.namespaces.length} namespaces (run ${topology.runId})`);
  for (const netns of topology.namespaces) {
    session.check();
    const r = await runCommand(['ip', 'netns', 'add', netns]);
    if (r.rc !== 0)
      throw new LabError(
        'refused',
        `cannot create a network namespace (ip netns add ${netns}): ${r.stderr.trim()}`,
      );
    session.namespaces.push(netns);
  }
  for (const step of topology.setup) {
    session.check();
    await runChecked(step.argv);
  }
  const rules = await applyLabRules(topology.nodeNetns, req.ruleBackend, topology.rules, topology.services);
  for (const step of topology.afterRules) await runChecked(step.argv);

  const node = topology.nodeNetns;
  // A lookup can take every try's timeout (glibc: 2 × 5 s) before it gives up.
  const lookupEndNs = Math.max(
    0,
    ...(plan.lookups?.perContainer.flat() ?? []).map((l) => l.atNs + l.timeoutNs * l.attempts),
  );
  const lastNs = Math.max(plan.lastDialNs + req.settleMs * NS_PER_MS, lookupEndNs + NS_PER_MS * 500);
  const serverLifeMs = Math.ceil(lastNs / NS_PER_MS) + 60_000;
  const servers = topology.servers.map((s) =>
    session.start(`server in ${s.netns}`, [
      'ip',
      'netns',
      'exec',
      s.netns,
      execPath,
      script,
      'server',
      formatIpv4(s.address),
      s.tcpPorts.join(','),
      String(serverLifeMs),
      s.udpPorts.join(','),
    ]),
  );
  await Promise.all(servers.map((s) => expectLine(s, 'ready')));

  const statsBefore = await readConntrackStats(node);
  progress(
    `${plan.total} connects from ${topology.containers.length} containers over ${(plan.lastDialNs / 1e9).toFixed(1)} s`,
  );
  const runs = topology.containers.map((c, i) => {
    const cpu = cpus === undefined ? null : (cpus[i % cpus.length] ?? null);
    const pin = cpu === null ? [] : ['taskset', '-c', String(cpu)];
    const child = session.start(`worker in ${c.netns}`, [
      'ip',
      'netns',
      'exec',
      c.netns,
      ...pin,
      execPath,
      script,
      'worker',
    ]);
    return { c, cpu, child, dials: plan.perContainer[i] ?? [], lookups: plan.lookups?.perContainer[i] ?? [] };
  });
  // Timers are good to a millisecond; workers spin through the last 2 ms when there is a CPU for every two of
  // them (more spinners than that delay each other instead).
  const spinNs = runs.length <= 2 * (cpus?.length ?? availableParallelism()) ? SPIN_NS : 0;
  for (const r of runs)
    r.child.write(
      JSON.stringify({ dials: r.dials, lookups: r.lookups, settleNs: req.settleMs * NS_PER_MS, spinNs }),
    );
  await Promise.all(runs.map((r) => expectLine(r.child, 'ready')));
  const capture = req.captureSyns
    ? await SynCapture.start(session, node, req.scenario.host.bridge.name)
    : undefined;
  // The capture's timestamps are wall-clock time; the start in wall-clock ns, read next to the monotonic one.
  const startWallNs =
    BigInt(Math.round((performance.timeOrigin + performance.now()) * NS_PER_MS)) + START_MARGIN_NS;
  const start = hrtime.bigint() + START_MARGIN_NS;
  for (const r of runs) r.child.write(`start ${start}`);
  const resultTimeoutMs = Number(START_MARGIN_NS) / NS_PER_MS + lastNs / NS_PER_MS + 15_000;
  const containers: LabContainerRun[] = await Promise.all(
    runs.map(async (r) => {
      const line = await r.child.nextLine(resultTimeoutMs);
      const parsed = JSON.parse(line) as { results: LabDialResult[]; lookups?: LabLookupResult[] };
      r.child.closeInput();
      const run = { name: r.c.name, netns: r.c.netns, cpu: r.cpu, dials: r.dials, results: parsed.results };
      return r.lookups.length === 0
        ? run
        : { ...run, lookups: r.lookups, lookupResults: parsed.lookups ?? [] };
    }),
  );
  const loadMs = Math.max(0, Number(hrtime.bigint() - start) / NS_PER_MS);
  const timed = capture ? await synTimes(capture, startWallNs, notes) : undefined;
  const timedContainers = timed
    ? matchSynTimes(
        containers,
        topology.containers.map((c) => c.address),
        timed,
      )
    : containers;
  const results = timedContainers.flatMap((c) => c.results);
  const unmatched = results.filter((r) => r.synNs === null && r.localPort !== null).length;
  if (timed && unmatched > 0)
    notes.push(
      `SYN capture: ${unmatched} of ${results.length} connects without a captured SYN (the emulator starts them at their connect() call plus the run's median call → SYN delay)`,
    );
  const statsAfter = await readConntrackStats(node);
  const list = await readConntrackList(node);
  if (list.skipped > 0) notes.push(`${list.skipped} TCP/UDP lines of conntrack -L not understood`);
  for (const s of servers) s.closeInput();

  return {
    runId: topology.runId,
    kernelRelease: release(),
    cpus: statsAfter.cpus.length,
    ruleBackend: req.ruleBackend,
    rulesApplied: rules.applied,
    rulesReadBack: rules.readBack,
    addressMap,
    containerAddresses: topology.containers.map((c) => c.address),
    serverAddresses: topology.servers.map((s) => s.address),
    statsBefore: statsBefore.cpus,
    statsAfter: statsAfter.cpus,
    entriesAfter: statsAfter.entries,
    conntrackList: list.entries,
    containers: timedContainers,
    loadMs,
    notes,
  };
}

async function synTimes(capture: SynCapture, startWallNs: bigint, notes: string[]) {
  const pcap = readPcapSyns(await capture.stop());
  for (const i of pcap.issues) notes.push(`SYN capture: ${i.message} (byte ${i.offset})`);
  return pcap.value.map((s) => ({
    src: s.src,
    sport: s.sport,
    seq: s.seq,
    atNs: Number(BigInt(s.sec) * BigInt(NS_PER_S) + BigInt(s.nsec) - startWallNs),
  }));
}

async function expectLine(child: LabChild, expected: string): Promise<void> {
  const line = await child.nextLine(READY_TIMEOUT_MS);
  if (line !== expected) throw new LabChildError(`${child.label}: expected "${expected}", got "${line}"`);
}

/** The CPUs this process may run on (`taskset -cp`), which the workers are spread over. */
export async function allowedCpus(): Promise<number[]> {
  const out = await runChecked(['taskset', '-c', '-p', String(pid)]);
  const list = out.slice(out.lastIndexOf(':') + 1).trim();
  const cpus: number[] = [];
  for (const part of list.split(',')) {
    const [lo, hi] = part.split('-').map(Number);
    if (lo === undefined || !Number.isInteger(lo)) continue;
    for (let c = lo; c <= (hi ?? lo); c++) cpus.push(c);
  }
  return cpus.length > 0 ? cpus : [0];
}
