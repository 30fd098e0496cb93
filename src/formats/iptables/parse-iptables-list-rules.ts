import type { IptablesIssue, IptablesNotice, IptablesParseResult } from './iptables-issue.js';
import type { IptablesSaveDoc } from './iptables-save-doc.js';
import { isShellCommandLine } from './is-shell-command-line.js';
import { parseIptablesCommand } from './parse-iptables-command.js';
import { readSaveNotice } from './read-save-notice.js';
import { createTableBuilder } from './table-builder.js';

export interface ListRulesOptions {
  /** The table the listing is of (`iptables -t nat -S`); "" (unknown) by default. */
  readonly table?: string;
}

/**
 * Reads `iptables [-t table] -S [chain] [-v]` output (`-P CHAIN POLICY`, `-N CHAIN`, `-A CHAIN …`) or a few
 * rule lines pasted without anything around them, into a one-table document (no header: the backend is
 * unknown unless the iptables-nft warning line is there). Never throws.
 */
export function parseIptablesListRules(
  text: string,
  options: ListRulesOptions = {},
): IptablesParseResult<IptablesSaveDoc> {
  const issues: IptablesIssue[] = [];
  const notices: IptablesNotice[] = [];
  const builder = createTableBuilder(options.table ?? '', 1, undefined, issues);
  let seen = false;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const textLine = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = textLine.trim();
    const column = textLine.length - textLine.trimStart().length + 1;
    if (trimmed === '' || isShellCommandLine(trimmed)) return;
    if (trimmed.startsWith('#')) {
      const notice = readSaveNotice(trimmed, line, column);
      if (notice) notices.push(notice);
      return;
    }
    if (!trimmed.startsWith('-') && !trimmed.startsWith('[')) {
      issues.push({
        code: 'unexpected-line',
        line,
        column,
        message: `expected -P, -N or -A, got "${trimmed}"`,
      });
      return;
    }
    seen = true;
    const parsed = parseIptablesCommand(textLine, line);
    issues.push(...parsed.issues);
    const command = parsed.value;
    if (command.kind === 'rule') builder.addRule(command.spec, line);
    else if (command.kind === 'new-chain')
      builder.declare(command.name, '-', undefined, line, command.column);
    else if (command.kind === 'policy')
      builder.declare(command.chain, command.policy, command.counters, line, command.column);
  });
  if (!seen && issues.length === 0)
    issues.push({ code: 'empty-input', line: 1, column: 1, message: 'no rule' });
  const nftOnly = notices.find((n) => n.code === 'legacy-tables-present');
  const value: IptablesSaveDoc = {
    tables: [builder.build(false)],
    backend: nftOnly ? 'nft' : 'unknown',
    backendEvidence: nftOnly ? `only iptables-nft prints line ${nftOnly.line}` : '`iptables -S` does not say',
    notices,
  };
  return { value, issues: issues.sort((a, b) => a.line - b.line || a.column - b.column) };
}
