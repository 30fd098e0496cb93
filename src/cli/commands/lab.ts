import { Command, Option } from '@commander-js/extra-typings';
import { synRetransmitSchedule } from '../../core/clients/syn-retransmit-schedule.js';
import { kernelProfileFromRelease } from '../../core/kernel/kernel-profile-from-release.js';
import {
  DEFAULT_LAB_CONTAINERS,
  DEFAULT_LAB_ROUNDS,
  defaultLabScenarioText,
} from '../../core/lab/default-lab-scenario.js';
import { MAX_LAB_CONTAINERS } from '../../core/lab/plan-lab-load.js';
import { RULE_BACKENDS } from '../../core/lab/rule-backend.js';
import { type LabSummary, summarizeLabRun } from '../../core/lab/summarize-lab-run.js';
import type { Scenario } from '../../core/scenario/scenario.js';
import { STRATEGY_LABELS } from '../../core/sim/strategy.js';
import { NS_PER_S } from '../../core/time/sim-time.js';
import { renderConntrackStats } from '../../formats/conntrack/render-conntrack-stats.js';
import { NAT_STRATEGIES, natRulesForStrategy } from '../../formats/scenario/nat-rules-for-strategy.js';
import { parseScenarioText } from '../../formats/scenario/parse-scenario-text.js';
import type { Io } from '../../platform/io.js';
import type { Lab, LabRunOutcome } from '../../platform/lab/lab-port.js';
import { CliError } from '../cli-error.js';
import { intOption } from '../parse-int-option.js';
import { renderScenarioIssues } from '../render-scenario-issues.js';
import { LAB_COMPARE_JSON_SCHEMA, runLabCompare } from './lab-compare.js';
import { renderLabDetails, renderLabTable } from './lab-table.js';

/** Each compared run takes a full lab run (seconds): bounded. */
const MAX_COMPARE_RUNS = 50;

export const LAB_JSON_SCHEMA = 'portclash.lab/v1';

/** `portclash lab` and `portclash lab cleanup`. Without a Lab port (tests of other commands) it says so. */
export function labCommand(io: Io, lab: Lab | undefined) {
  const needLab = (): Lab => {
    if (lab === undefined) throw new CliError('usage', 'the lab is not available in this build');
    return lab;
  };
  const command = new Command('lab')
    .description(
      "reproduce the race on this machine's kernel: the scenario's host built in network namespaces (root)",
    )
    .option('--scenario <file>', 'scenario file (YAML or JSON); default: a built-in same-port race')
    .addOption(
      new Option('--strategy <name>', "replace the scenario's nat rules with a built-in rule set").choices(
        NAT_STRATEGIES,
      ),
    )
    .addOption(
      new Option('--backend <name>', 'how the rules are installed')
        .choices(RULE_BACKENDS)
        .default('iptables-nft'),
    )
    .addOption(
      new Option('--pin <mode>', 'workers pinned one per CPU in turn (spread) or not at all (none)')
        .choices(['spread', 'none'] as const)
        .default('spread'),
    )
    .addOption(
      new Option(
        '--containers <n>',
        `containers of the built-in scenario (default ${DEFAULT_LAB_CONTAINERS})`,
      ).argParser(intOption(2, MAX_LAB_CONTAINERS)),
    )
    .addOption(
      new Option(
        '--rounds <n>',
        `rounds of the built-in scenario, one fresh source port each (default ${DEFAULT_LAB_ROUNDS})`,
      ).argParser(intOption(1, 1000)),
    )
    .addOption(
      new Option('--seed <n>', 'seed of the load plan (spreads, arrivals)')
        .argParser(intOption(0, 2 ** 32 - 1))
        .default(1),
    )
    .addOption(
      new Option('--max-connections <n>', 'connects beyond this many are left out')
        .argParser(intOption(1, 200_000))
        .default(20_000),
    )
    .addOption(
      new Option('--max-seconds <n>', 'connects scheduled later than this are left out')
        .argParser(intOption(1, 600))
        .default(60),
    )
    .addOption(
      new Option(
        '--settle-ms <n>',
        'how long workers wait for connects still pending after the last one is due',
      )
        .argParser(intOption(0, 140_000))
        .default(4000),
    )
    .option('--json', `print the results as JSON (schema ${LAB_JSON_SCHEMA})`)
    .option('--stats', "print the node namespace's per-CPU counter deltas as `conntrack -S` would")
    .option('--keep', 'leave the namespaces in place for a look (remove them with `portclash lab cleanup`)')
    .option(
      '--compare',
      `run the emulator on the load each lab run made and print both side by side (JSON: ${LAB_COMPARE_JSON_SCHEMA})`,
    )
    .addOption(
      new Option('--runs <n>', 'lab runs for --compare (seeds seed..seed+n-1); rates get 95% intervals')
        .argParser(intOption(1, MAX_COMPARE_RUNS))
        .default(5),
    )
    .option('--raw', "with --compare --json: include each lab run's raw measurement")
    .option(
      '--no-syn-capture',
      "do not time the SYNs on the node's bridge (tcpdump); the emulator then uses the workers' connect() times",
    )
    .action(async (opts, cmd) => {
      if (opts.scenario !== undefined && (opts.containers !== undefined || opts.rounds !== undefined))
        throw new CliError(
          'usage',
          '--containers and --rounds shape the built-in scenario; not with --scenario',
        );
      if (opts.compare !== true && (cmd.getOptionValueSource('runs') === 'cli' || opts.raw === true))
        throw new CliError('usage', '--runs and --raw go with --compare');
      if (opts.compare === true && opts.keep === true)
        throw new CliError('usage', '--keep shows one run; not with --compare');
      const theLab = needLab();
      const machine = theLab.describeMachine();
      let scenario = await loadScenario(io, opts.scenario, machine, opts.containers, opts.rounds);
      if (opts.strategy !== undefined)
        scenario = {
          ...scenario,
          nat: natRulesForStrategy(opts.strategy, scenario.host, scenario.internalCidrs),
        };
      const rulesLabel =
        opts.strategy === undefined
          ? 'as in the scenario'
          : opts.strategy === 'none'
            ? 'no nat rules'
            : STRATEGY_LABELS[opts.strategy];
      // What a run needs besides the scenario; --compare makes several (successive seeds), never kept.
      const request = {
        seed: opts.seed,
        ruleBackend: opts.backend,
        pinning: opts.pin,
        limits: { maxConnections: opts.maxConnections, maxDurationNs: opts.maxSeconds * NS_PER_S },
        settleMs: opts.settleMs,
        captureSyns: opts.synCapture,
        ...(io.stderrIsTTY && { onProgress: (message: string) => io.stderr(`lab: ${message}\n`) }),
      };
      if (opts.compare === true) {
        await runLabCompare(io, theLab, scenario, request, {
          runs: opts.runs,
          json: opts.json === true,
          raw: opts.raw === true,
          rules: rulesLabel,
        });
        return;
      }
      const outcome = await theLab.run({ ...request, scenario, keep: opts.keep === true });
      const m = outcome.measurement;
      const machineProfile = kernelProfileFromRelease(m.kernelRelease);
      const profile = machineProfile.ok ? machineProfile.profile : scenario.kernel;
      const syn = synRetransmitSchedule(
        profile,
        scenario.sysctl.tcp_syn_retries,
        scenario.sysctl.tcp_syn_linear_timeouts,
      );
      const summary = summarizeLabRun(m, syn);
      const notes = [
        ...m.notes,
        ...(machineProfile.ok
          ? []
          : [`uname -r not understood; SYN schedule of ${scenario.kernel.release} used`]),
        ...(outcome.keptNamespaces.length > 0
          ? [`kept: ${outcome.keptNamespaces.join(' ')} (remove with: portclash lab cleanup)`]
          : []),
      ];
      const rules = rulesLabel;
      if (opts.json) {
        const json = toJson(outcome, scenario.name, summary, notes);
        io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      io.stdout(
        `portclash lab · run ${m.runId} · ${m.kernelRelease} · ${m.cpus} CPUs · scenario ${scenario.name}\n\n`,
      );
      io.stdout(renderLabTable(rules, summary));
      io.stdout(`\n${renderLabDetails(m, summary)}\n\n${summary.verdict.text}\n`);
      if (opts.stats)
        io.stdout(
          `\n$ conntrack -S   # after − before\n${renderConntrackStats(summary.conntrack.perCpu, profile.statsEra)}`,
        );
      if (notes.length > 0) io.stdout(`\nnotes:\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
    });
  command
    .command('cleanup')
    .description('remove every network namespace named portclash-* (and the processes inside) a run left')
    .action(async () => {
      const r = await needLab().cleanup();
      io.stdout(
        r.namespaces.length === 0
          ? 'nothing to clean up\n'
          : `removed ${r.namespaces.length} namespaces (${r.namespaces.join(' ')})${r.processes.length > 0 ? `, killed ${r.processes.length} processes` : ''}\n`,
      );
    });
  return command;
}

function toJson(outcome: LabRunOutcome, scenario: string, summary: LabSummary, notes: readonly string[]) {
  const m = outcome.measurement;
  return {
    schema: LAB_JSON_SCHEMA,
    runId: m.runId,
    kernel: m.kernelRelease,
    cpus: m.cpus,
    scenario,
    ruleBackend: m.ruleBackend,
    rules: { applied: m.rulesApplied, readBack: m.rulesReadBack },
    addressMap: m.addressMap,
    workers: m.containers.map((c) => ({ name: c.name, netns: c.netns, cpu: c.cpu, dials: c.dials.length })),
    loadMs: m.loadMs,
    summary,
    notes,
    keptNamespaces: outcome.keptNamespaces,
  };
}

async function loadScenario(
  io: Io,
  file: string | undefined,
  machine: { kernelRelease: string; cpus: number },
  containers: number | undefined,
  rounds: number | undefined,
): Promise<Scenario> {
  const text =
    file === undefined
      ? defaultLabScenarioText({
          kernel: kernelProfileFromRelease(machine.kernelRelease).ok ? machine.kernelRelease : '6.8.0',
          cpus: machine.cpus,
          containers: containers ?? DEFAULT_LAB_CONTAINERS,
          rounds: rounds ?? DEFAULT_LAB_ROUNDS,
        })
      : await io.readTextFile(file);
  const name = file ?? '(built-in lab scenario)';
  const parsed = parseScenarioText(text, name);
  if (!parsed.ok) throw new CliError('bad-input', renderScenarioIssues(parsed.issues, name, text));
  return parsed.scenario;
}
