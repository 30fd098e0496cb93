import { Command, Option } from '@commander-js/extra-typings';
import { type Case, type CaseOutcome, runCases } from '../../core/sim/run-cases.js';
import { renderConntrackList } from '../../formats/conntrack/render-conntrack-list.js';
import { renderConntrackStats } from '../../formats/conntrack/render-conntrack-stats.js';
import { renderProcNetStatConntrack } from '../../formats/conntrack/render-proc-net-stat-conntrack.js';
import { parseScenarioText } from '../../formats/scenario/parse-scenario-text.js';
import type { Io } from '../../platform/io.js';
import type { CaseRunner } from '../../platform/parallel/case-runner.js';
import { renderSimulateTable } from '../../report/render-simulate-table.js';
import { renderVerdict } from '../../report/render-verdict.js';
import { CliError } from '../cli-error.js';
import { intOption } from '../parse-int-option.js';
import { createProgressLine } from '../progress-line.js';
import { renderScenarioIssues } from '../render-scenario-issues.js';
import { defaultCases, scenarioCases } from './build-cases.js';

export const SIMULATE_JSON_SCHEMA = 'portclash.simulate/v1';

export function simulateCommand(io: Io, runner: CaseRunner = async (c, s, o) => runCases(c, s, o)) {
  return new Command('simulate')
    .description(
      'emulate a container host and show how often SNAT port allocation races, and which fix helps',
    )
    .option(
      '--scenario <file>',
      'scenario file (YAML or JSON); default: the built-in Kubernetes node comparison',
    )
    .option('--kernel <release>', 'kernel `uname -r` string(s), comma-separated (overrides the scenario)')
    .option(
      '--strategies',
      'run the scenario once per built-in rule set (MASQUERADE, --random, --random-fully, no SNAT for the VPC)',
    )
    .addOption(new Option('--seed <n>', 'first random seed').argParser(intOption(0, 2 ** 32 - 1)).default(1))
    .addOption(
      new Option('--runs <n>', 'runs with seeds seed..seed+n-1; rates get 95% intervals')
        .argParser(intOption(1, 1000))
        .default(1),
    )
    .option('--json', 'print the results as JSON (schema portclash.simulate/v1, docs/json-schema.md)')
    .option(
      '--stats',
      "print per-CPU counters as that kernel's `conntrack -S` and /proc/net/stat/nf_conntrack",
    )
    .option('--conntrack-list', 'print the final conntrack table as `conntrack -L` lines')
    .action(async (opts) => {
      let cases: Case[];
      if (opts.scenario === undefined) {
        if (opts.strategies)
          throw new CliError('usage', '--strategies needs --scenario (the default already compares them)');
        cases = defaultCases(opts.kernel);
      } else {
        const text = await io.readTextFile(opts.scenario);
        const parsed = parseScenarioText(text, opts.scenario);
        if (!parsed.ok)
          throw new CliError('bad-input', renderScenarioIssues(parsed.issues, opts.scenario, text));
        cases = scenarioCases(parsed.scenario, opts.kernel, opts.strategies === true);
      }
      const seeds = Array.from({ length: opts.runs }, (_, i) => (opts.seed + i) >>> 0);
      const progress = createProgressLine(io, 'simulating');
      const outcomes = await runner(cases, seeds, {
        conntrackList: opts.conntrackList === true,
        onRunDone: (done, total) => progress.update(done, total),
      });
      progress.done();
      if (opts.json) {
        io.stdout(`${JSON.stringify(toJson(outcomes, seeds), null, 2)}\n`);
        return;
      }
      io.stdout(renderSimulateTable(outcomes));
      io.stdout(`\n${renderVerdict(outcomes)}`);
      if (opts.stats) io.stdout(renderStats(outcomes));
      if (opts.conntrackList) io.stdout(renderLists(outcomes));
    });
}

function toJson(outcomes: readonly CaseOutcome[], seeds: readonly number[]) {
  return {
    schema: SIMULATE_JSON_SCHEMA,
    seeds,
    cases: outcomes.map((o) => ({
      kernel: o.kernel,
      rules: o.rules,
      strategy: o.strategy ?? null,
      rates: o.rates,
      runs: o.runs,
    })),
  };
}

function renderStats(outcomes: readonly CaseOutcome[]): string {
  return outcomes
    .map((o) => {
      const r = o.runs[0]!;
      const era = o.profile.statsEra;
      return [
        `\n# ${o.kernel} · ${o.rules} · seed ${r.seed}`,
        '$ conntrack -S',
        renderConntrackStats(r.conntrack.perCpu, era).trimEnd(),
        '$ cat /proc/net/stat/nf_conntrack',
        renderProcNetStatConntrack(r.conntrack.perCpu, r.conntrack.entries, era).trimEnd(),
      ].join('\n');
    })
    .join('\n')
    .concat('\n');
}

function renderLists(outcomes: readonly CaseOutcome[]): string {
  return outcomes
    .map((o) => {
      const r = o.runs[0]!;
      const list = renderConntrackList(r.conntrackList ?? []);
      return `\n# ${o.kernel} · ${o.rules} · seed ${r.seed}: conntrack -L\n${list.stdout}${list.stderr}`;
    })
    .join('');
}
