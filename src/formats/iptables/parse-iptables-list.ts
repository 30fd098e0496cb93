import type { IptablesIssue, IptablesNotice, IptablesParseResult } from './iptables-issue.js';
import type { IptablesListing, ListedChain, ListedRule } from './iptables-listing.js';
import { isShellCommandLine } from './is-shell-command-line.js';
import { parseListingChainHeader } from './parse-listing-chain-header.js';
import { type ListingLayout, parseListingLayout, parseListingRule } from './parse-listing-rule.js';
import { readSaveNotice } from './read-save-notice.js';

/**
 * Reads `iptables [-t nat] -L [chain] [-n] [-v] [-x] [--line-numbers]` output, or rule lines pasted without
 * their `Chain` line (they go to a chain named ""). Never throws.
 */
export function parseIptablesList(text: string): IptablesParseResult<IptablesListing> {
  const issues: IptablesIssue[] = [];
  const notices: IptablesNotice[] = [];
  const chains: { chain: Omit<ListedChain, 'rules'>; rules: ListedRule[] }[] = [];
  let layout: ListingLayout | undefined;
  const notice = (code: IptablesNotice['code'], line: number, message: string) => {
    if (!notices.some((n) => n.code === code)) notices.push({ code, line, column: 1, message });
  };
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const textLine = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = textLine.trim();
    const column = textLine.length - textLine.trimStart().length + 1;
    if (trimmed === '' || isShellCommandLine(trimmed)) return;
    if (trimmed.startsWith('#')) {
      const n = readSaveNotice(trimmed, line, column);
      if (n) notices.push(n);
      return;
    }
    const header = parseListingChainHeader(trimmed);
    if (header === 'malformed') {
      issues.push({ code: 'bad-chain-header', line, column, message: `cannot read "${trimmed}"` });
      return;
    }
    if (header) {
      chains.push({ chain: { ...header, line }, rules: [] });
      layout = undefined;
      return;
    }
    const columns = parseListingLayout(textLine);
    if (columns) {
      layout = columns;
      return;
    }
    const rule = parseListingRule(textLine, line, layout, issues);
    if (!rule) return;
    let current = chains.at(-1);
    if (!current) {
      current = { chain: { name: '', line }, rules: [] };
      chains.push(current);
    }
    current.rules.push(rule);
    if (rule.counters?.approximate)
      notice('approximate-counters', line, 'counters are rounded (K/M/G); list with -x for exact ones');
    if (rule.unresolved.length > 0 || /\sanywhere\s/.test(textLine))
      notice('names-not-numeric', line, 'addresses are printed as names; list with -n');
  });
  if (chains.length === 0 && issues.length === 0)
    issues.push({ code: 'empty-input', line: 1, column: 1, message: 'no Chain line and no rule' });
  const value = { chains: chains.map(({ chain, rules }) => ({ ...chain, rules })), notices };
  return { value, issues };
}
