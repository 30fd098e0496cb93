import { randomBytes } from 'node:crypto';
import { availableParallelism, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildLabAddressMap } from '../../core/lab/lab-address-map.js';
import { planLabLoad } from '../../core/lab/plan-lab-load.js';
import { planLabTopology } from '../../core/lab/plan-lab-topology.js';
import { RULE_BACKEND_TOOLS } from '../../core/lab/rule-backend.js';
import { checkLabPrerequisites } from './check-lab-prerequisites.js';
import { LabChildError } from './lab-child.js';
import { removeAllLabNetns, removeLabNetns } from './lab-netns.js';
import { type Lab, LabError, type LabRunOutcome, type LabRunRequest } from './lab-port.js';
import { LabSession } from './lab-session.js';
import { allowedCpus, measureLabRun } from './measure-lab-run.js';
import { CommandFailedError, missingToolMessage, ToolMissingError } from './run-command.js';

export interface NodeLabOptions {
  /** The compiled lab-process.js; by default the one next to this module (right for dist/). */
  readonly processScript?: string;
  /**
   * Installs SIGINT/SIGTERM handlers for the duration of a run and returns their removal. The lab passes a
   * callback that stops the run, which then cleans up in its `finally`. Given by bin/portclash.js, the only
   * code that touches `process` signals.
   */
  readonly trapSignals?: (onSignal: (signal: string) => void) => () => void;
}

/** The real lab: network namespaces on this machine's kernel. Needs root. */
export function createNodeLab(options: NodeLabOptions = {}): Lab {
  const script = options.processScript ?? fileURLToPath(new URL('./lab-process.js', import.meta.url));
  return {
    describeMachine: () => ({ kernelRelease: release(), cpus: availableParallelism() }),
    run: (request) => runLab(request, script, options.trapSignals),
    cleanup: async () => {
      await checkLabPrerequisites(['ip'], []);
      const r = await removeAllLabNetns();
      return { namespaces: r.netns, processes: r.pids };
    },
  };
}

async function runLab(
  req: LabRunRequest,
  script: string,
  trapSignals: NodeLabOptions['trapSignals'],
): Promise<LabRunOutcome> {
  const tools = RULE_BACKEND_TOOLS[req.ruleBackend];
  const { missingOptional } = await checkLabPrerequisites(
    ['ip', 'sysctl', 'conntrack', tools.restore, tools.save],
    [...(req.pinning === 'spread' ? ['taskset'] : []), ...(req.captureSyns === true ? ['tcpdump'] : [])],
  );
  const notes: string[] = [];
  if (missingOptional.includes('taskset'))
    notes.push(`${missingToolMessage('taskset')}: workers not pinned to CPUs`);
  const captureSyns = req.captureSyns === true && !missingOptional.includes('tcpdump');
  if (req.captureSyns === true && !captureSyns)
    notes.push(`${missingToolMessage('tcpdump')}: SYN times are the workers' connect() calls`);

  const mapped = buildLabAddressMap(req.scenario);
  if (!mapped.ok) throw new LabError('refused', `the lab cannot build this scenario: ${mapped.error}`);
  const runId = randomBytes(4).readUInt32BE().toString(36).padStart(6, '0').slice(-6);
  const planned = planLabTopology(req.scenario, runId, mapped.map);
  if (!planned.ok) throw new LabError('refused', `the lab cannot build this scenario: ${planned.error}`);
  const load = planLabLoad(req.scenario, mapped.map, req.seed, req.limits);
  if (!load.ok) throw new LabError('refused', `the lab cannot run this scenario: ${load.error}`);
  if (load.plan.total === 0 && (load.plan.lookups?.total ?? 0) === 0)
    throw new LabError(
      'refused',
      'the scenario has no TCP connects or DNS lookups the lab can run (DNAT of TCP services comes later)',
    );
  const topology = planned.topology;
  notes.push(...topology.notes, ...load.plan.notes);
  const cpus =
    req.pinning === 'spread' && !missingOptional.includes('taskset') ? await allowedCpus() : undefined;

  const session = new LabSession();
  const untrap = trapSignals?.((signal) => session.abort(signal));
  let outcome: LabRunOutcome | undefined;
  let failure: unknown;
  try {
    const measurement = await measureLabRun(
      { ...req, captureSyns },
      script,
      topology,
      load.plan,
      cpus,
      session,
      notes,
      mapped.map.entries,
    );
    outcome = { measurement, keptNamespaces: req.keep ? [...session.namespaces] : [] };
  } catch (error) {
    failure = error;
  } finally {
    session.stopChildren();
    try {
      if (!req.keep) await removeLabNetns([...session.namespaces].reverse());
    } catch (error) {
      // Say what is left; an earlier failure still wins, it is what the user needs to see first.
      failure ??= new LabError(
        'failed',
        `could not remove the run's namespaces (${String(error)}): run portclash lab cleanup`,
      );
    }
    untrap?.();
  }
  if (session.aborted !== undefined)
    throw new LabError(
      'interrupted',
      `interrupted by ${session.aborted}; ${req.keep ? 'namespaces kept' : 'cleaned up'}`,
    );
  if (failure !== undefined || outcome === undefined) throw asLabError(failure);
  return outcome;
}

function asLabError(error: unknown): unknown {
  if (error instanceof LabError) return error;
  if (error instanceof ToolMissingError) return new LabError('refused', error.message);
  if (error instanceof CommandFailedError)
    return new LabError('failed', `lab set-up failed: ${error.message}`);
  if (error instanceof LabChildError) return new LabError('failed', `lab run failed: ${error.message}`);
  return error;
}
