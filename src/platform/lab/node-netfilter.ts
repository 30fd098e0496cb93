import { parseConntrackList } from '../../core/lab/parse-conntrack-list.js';
import { renderIptablesRestore, renderIptablesRule } from '../../core/lab/render-iptables-restore.js';
import { RULE_BACKEND_TOOLS, type RuleBackend } from '../../core/lab/rule-backend.js';
import type { NatRule } from '../../core/netfilter/nat-rule.js';
import { parseProcNetStatConntrack } from '../../formats/conntrack/parse-proc-net-stat-conntrack.js';
import { parseRuleSpec } from '../../formats/iptables/parse-rule-spec.js';
import { toNatRule } from '../../formats/iptables/to-nat-rule.js';
import { LabError } from './lab-port.js';
import { runChecked } from './run-command.js';

const inNetns = (netns: string, ...argv: string[]) => ['ip', 'netns', 'exec', netns, ...argv];

/**
 * Installs the rules in the namespace's nat POSTROUTING chain with `<backend>-restore --noflush`, reads the
 * chain back with `<backend>-save` and fails unless it holds exactly those rules (compared as parsed rules, so
 * spelling differences of the save format do not matter).
 */
export async function applyLabRules(
  netns: string,
  backend: RuleBackend,
  rules: readonly NatRule[],
): Promise<{ applied: string[]; readBack: string[] }> {
  const tools = RULE_BACKEND_TOOLS[backend];
  await runChecked(inNetns(netns, tools.restore, '--noflush'), { input: renderIptablesRestore(rules) });
  const saved = await runChecked(inNetns(netns, tools.save, '-t', 'nat'));
  const readBack = saved.split('\n').filter((l) => l.startsWith('-A POSTROUTING '));
  const applied = rules.map(renderIptablesRule);
  const canonical = readBack.map((line) => {
    const spec = parseRuleSpec(line);
    const rule = spec.issues.length === 0 ? toNatRule(spec.value) : undefined;
    return rule?.value === undefined ? `unreadable: ${line}` : renderIptablesRule(rule.value);
  });
  if (canonical.length !== applied.length || canonical.some((l, i) => l !== applied[i]))
    throw new LabError(
      'failed',
      `${tools.save} in ${netns} does not show the rules applied:\napplied:\n  ${applied.join('\n  ')}\nread back:\n  ${readBack.join('\n  ')}`,
    );
  return { applied, readBack };
}

/** The namespace's /proc/net/stat/nf_conntrack, one row per possible CPU. */
export async function readConntrackStats(netns: string) {
  const text = await runChecked(inNetns(netns, 'cat', '/proc/net/stat/nf_conntrack'));
  const parsed = parseProcNetStatConntrack(text);
  if (parsed.issues.length > 0)
    throw new LabError('failed', `cannot read /proc/net/stat/nf_conntrack: ${parsed.issues[0]!.message}`);
  return parsed.value;
}

/** `conntrack -L` of the namespace (its own table only: conntrack tables are per network namespace). */
export async function readConntrackList(netns: string) {
  return parseConntrackList(await runChecked(inNetns(netns, 'conntrack', '-L'), { timeoutMs: 30_000 }));
}
