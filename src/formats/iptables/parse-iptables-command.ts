import type { IptablesIssue } from './iptables-issue.js';
import type { Counters } from './iptables-save-doc.js';
import { parseCounters } from './parse-counters.js';
import { parseRuleSpec } from './parse-rule-spec.js';
import type { RuleSpec } from './rule-spec.js';
import { tokenizeRuleSpec } from './tokenize-rule-spec.js';

/** One line of iptables-save / `iptables -S` output that starts with an option, by the command it holds. */
export type IptablesCommand =
  /** `-A CHAIN …` / `-I CHAIN [n] …`: a rule. */
  | { readonly kind: 'rule'; readonly spec: RuleSpec; readonly counters?: Counters }
  /** `-N CHAIN` (iptables -S declares user chains so). */
  | { readonly kind: 'new-chain'; readonly name: string; readonly column: number }
  /** `-P CHAIN POLICY [-c packets bytes]` (iptables -S prints built-in policies so). */
  | {
      readonly kind: 'policy';
      readonly chain: string;
      readonly policy: string;
      readonly counters?: Counters;
      readonly column: number;
    }
  /** Anything else (`-F`, `-X`, `-D`, ...) or nothing readable; an issue says which. */
  | { readonly kind: 'other'; readonly command: string; readonly column: number };

/** Commands a listing never holds (they change or query the ruleset). */
const OTHER_COMMANDS = new Set(
  '-D --delete -R --replace -F --flush -X --delete-chain -Z --zero -E --rename-chain -L --list -S --list-rules -C --check'.split(
    ' ',
  ),
);

/** Reads one command line; issues carry `line`. Never throws. */
export function parseIptablesCommand(
  text: string,
  line: number,
): { readonly value: IptablesCommand; readonly issues: readonly IptablesIssue[] } {
  const { value: tokens } = tokenizeRuleSpec(text);
  const start = tokens[0] && !tokens[0].quoted && parseCounters(tokens[0].text) ? 1 : 0;
  const command = tokens[start];
  const name = tokens[start + 1];
  const at = (code: IptablesIssue['code'], column: number, message: string): IptablesIssue => ({
    code,
    line,
    column,
    message,
  });
  if (command === undefined)
    return {
      value: { kind: 'other', command: '', column: 1 },
      issues: [at('unexpected-line', 1, 'expected -A CHAIN')],
    };
  if (OTHER_COMMANDS.has(command.text))
    return {
      value: { kind: 'other', command: command.text, column: command.column },
      issues: [at('unsupported-command', command.column, `${command.text} is not part of a listing`)],
    };
  const isNew = command.text === '-N' || command.text === '--new-chain';
  const isPolicy = command.text === '-P' || command.text === '--policy';
  if (!isNew && !isPolicy) {
    const parsed = parseRuleSpec(text);
    const spec = parsed.value;
    const issues = parsed.issues.map((i) => ({ ...i, line }));
    if (spec.chain === undefined)
      return {
        value: { kind: 'other', command: command.text, column: command.column },
        issues: [...issues, at('unexpected-line', command.column, 'a rule needs -A CHAIN')],
      };
    return { value: { kind: 'rule', spec, ...(spec.counters && { counters: spec.counters }) }, issues };
  }
  const policy = tokens[start + 2];
  if (!name || (isPolicy && !policy))
    return {
      value: { kind: 'other', command: command.text, column: command.column },
      issues: [
        at(
          'missing-argument',
          command.column,
          `${command.text} needs a chain${isPolicy ? ' and a policy' : ''}`,
        ),
      ],
    };
  if (isNew) return { value: { kind: 'new-chain', name: name.text, column: name.column }, issues: [] };
  // `iptables -S -v` appends the policy counters: `-P POSTROUTING ACCEPT -c 12 3456`.
  const c = tokens[start + 3]?.text === '-c' ? tokens.slice(start + 4, start + 6) : [];
  const counters =
    c.length === 2 && c.every((t) => /^\d+$/.test(t.text))
      ? { packets: Number(c[0]?.text), bytes: Number(c[1]?.text) }
      : undefined;
  const value = {
    kind: 'policy',
    chain: name.text,
    policy: policy?.text ?? '',
    column: name.column,
  } as const;
  return { value: counters ? { ...value, counters } : value, issues: [] };
}
