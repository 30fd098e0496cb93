/** How the built-in lab scenario is shaped; the defaults reproduce the race within seconds (docs/lab.md). */
export interface DefaultLabScenarioOptions {
  /** `uname -r` of the machine, so that a comparison with the emulator uses the same kernel. */
  readonly kernel: string;
  readonly cpus: number;
  readonly containers?: number;
  readonly rounds?: number;
  readonly intervalMs?: number;
}

export const DEFAULT_LAB_ROUNDS = 80;
export const DEFAULT_LAB_INTERVAL_MS = 40;
export const DEFAULT_LAB_CONTAINERS = 2;
const FIRST_PORT = 40000;

/**
 * The built-in lab scenario as YAML: Docker's plain MASQUERADE, containers whose applications bind the same
 * source port and dial one server together (examples/scenarios/docker-same-port.yaml), one round after
 * another. Each round uses a fresh port: once a round's winner is confirmed its port is taken, and the next
 * SYN from that port would be moved to a random port instead of racing.
 */
export function defaultLabScenarioText(o: DefaultLabScenarioOptions): string {
  const containers = o.containers ?? DEFAULT_LAB_CONTAINERS;
  const rounds = o.rounds ?? DEFAULT_LAB_ROUNDS;
  const interval = o.intervalMs ?? DEFAULT_LAB_INTERVAL_MS;
  const lines = [
    'name: lab-same-port',
    `description: ${containers} containers bind the same source port and dial one server at the same instant, ${rounds} rounds, through plain MASQUERADE.`,
    `kernel: ${JSON.stringify(o.kernel)}`,
    `cpus: ${o.cpus}`,
    'host:',
    '  addresses: [192.168.1.20]',
    '  outInterface: eth0',
    '  bridge: { name: docker0, subnet: 172.17.0.0/16 }',
    'nat:',
    '  - -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
    'destinations:',
    '  - { name: server, address: 203.0.113.10, port: 5061, rttMs: 0.1 }',
    'containers:',
    ...Array.from({ length: containers }, (_, i) => `  - { name: app-${i + 1}, address: 172.17.0.${i + 2} }`),
    'workloads:',
    ...Array.from(
      { length: rounds },
      (_, r) =>
        `  - { type: same-port, destination: server, port: ${FIRST_PORT + r}, startMs: ${r * interval}, holdMs: 0 }`,
    ),
    '',
  ];
  return lines.join('\n');
}
