import type { LabMeasurement } from './lab-measurement.js';

// Test-only helper: a lab run's raw facts with every field empty unless given. Not used by the lab.

export function labMeasurement(o: Partial<LabMeasurement> = {}): LabMeasurement {
  return {
    runId: 'r',
    kernelRelease: '6.18.44',
    cpus: 2,
    ruleBackend: 'iptables-nft',
    rulesApplied: [],
    rulesReadBack: [],
    addressMap: [],
    containerAddresses: [],
    serverAddresses: [],
    statsBefore: [],
    statsAfter: [],
    entriesAfter: 0,
    conntrackList: [],
    containers: [],
    loadMs: 0,
    notes: [],
    ...o,
  };
}
