import type { Scenario } from '../../core/scenario/scenario.js';
import { NS_PER_S } from '../../core/time/sim-time.js';
import { keyList, readNumber, readObject, readString } from './field-readers.js';
import { IssueCollector } from './issue-collector.js';
import { SCENARIO_DEFAULTS } from './scenario-defaults.js';
import type { ScenarioInput } from './scenario-input.js';
import type { ScenarioIssue } from './scenario-issue.js';
import { validateContainers } from './validate-containers.js';
import { validateDestinations } from './validate-destinations.js';
import { validateHost, validateInternalCidrs } from './validate-host.js';
import { validateKernel } from './validate-kernel.js';
import { validateNat } from './validate-nat.js';
import { validateSysctl } from './validate-sysctl.js';
import { validateTiming } from './validate-timing.js';
import { validateWorkloads } from './validate-workloads.js';

export type ValidateScenarioResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

const SCENARIO_KEYS = keyList<ScenarioInput>({
  name: true,
  description: true,
  kernel: true,
  cpus: true,
  host: true,
  internalCidrs: true,
  nat: true,
  destinations: true,
  containers: true,
  workloads: true,
  timing: true,
  sysctl: true,
  maxSimTimeS: true,
});

/**
 * Checks a parsed scenario file (any JSON value) against the format of docs/scenario-format.md and builds the
 * core Scenario. Reports every issue it finds, each with its field path; never throws.
 */
export function validateScenario(raw: unknown): ValidateScenarioResult {
  const c = new IssueCollector();
  const top = readObject(c, raw, [], SCENARIO_KEYS);
  if (!top) return { ok: false, issues: c.issues };
  const name = readString(c, top, 'name', []);
  const description = readString(c, top, 'description', [], '');
  const kernel = validateKernel(c, top.kernel, ['kernel']);
  const cpus = readNumber(c, top, 'cpus', [], { min: 1, max: 1024, integer: true }, SCENARIO_DEFAULTS.cpus);
  const host = validateHost(c, top.host, ['host']);
  const internalCidrs = validateInternalCidrs(c, top, []);
  const nat = validateNat(c, top.nat, ['nat'], host, internalCidrs, kernel);
  const destinations = validateDestinations(c, top, [], internalCidrs);
  const containers = validateContainers(c, top, [], host, destinations);
  const workloads = validateWorkloads(c, top, [], destinations, containers);
  const timing = validateTiming(c, top.timing, ['timing']);
  const sysctl = validateSysctl(c, top.sysctl, ['sysctl'], kernel);
  const maxSimTimeS = readNumber(
    c,
    top,
    'maxSimTimeS',
    [],
    { min: 0, max: 1e6, aboveMin: true },
    SCENARIO_DEFAULTS.maxSimTimeS,
  );
  if (c.count > 0 || kernel === undefined || name === undefined) return { ok: false, issues: c.issues };
  return {
    ok: true,
    scenario: {
      name,
      description,
      kernel,
      cpus,
      host,
      internalCidrs,
      nat,
      destinations,
      containers,
      workloads,
      timing,
      sysctl,
      maxSimTimeNs: Math.round(maxSimTimeS * NS_PER_S),
    },
  };
}
