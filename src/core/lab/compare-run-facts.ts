import type { Scenario } from '../scenario/scenario.js';
import type { SimResult } from '../sim/sim-result.js';
import type { CompareRunFacts } from './compare-lab-emulator.js';
import type { LabMeasurement } from './lab-measurement.js';
import { portChoiceFacts } from './port-choice-facts.js';
import type { LabSummary } from './summarize-lab-run.js';

/** A lab run's facts for a comparison (its summary, and the ports read from its `conntrack -L`). */
export function labRunFacts(m: LabMeasurement, s: LabSummary): CompareRunFacts {
  return {
    attempted: s.tcp.attempted,
    insertFailed: s.conntrack.total.insert_failed,
    drop: s.conntrack.total.drop,
    delayed1s: s.tcp.delayed1s,
    ports: portChoiceFacts(m.conntrackList, new Set(m.containerAddresses), new Set(m.serverAddresses)),
    ...(s.dns && {
      dns: {
        lookups: s.dns.lookups,
        delayed5s: s.dns.delayed5s,
        clashResolve: s.conntrack.total.clash_resolve,
      },
    }),
  };
}

/** An emulator run's facts; the run must have been made with `conntrackList: true`. */
export function emulatorRunFacts(scenario: Scenario, r: SimResult): CompareRunFacts {
  return {
    attempted: r.tcp.attempted,
    insertFailed: r.conntrack.total.insert_failed,
    drop: r.conntrack.total.drop,
    delayed1s: r.tcp.delayed1s,
    ports: portChoiceFacts(
      r.conntrackList ?? [],
      new Set(scenario.containers.map((c) => c.ip)),
      new Set(scenario.destinations.filter((d) => d.backends.length === 0).map((d) => d.ip)),
    ),
    ...(r.dns.lookups > 0 && {
      dns: {
        lookups: r.dns.lookups,
        delayed5s: r.dns.delayed5s,
        clashResolve: r.conntrack.total.clash_resolve,
      },
    }),
  };
}
