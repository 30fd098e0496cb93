import { endOfInput } from '../iptables/end-of-input.js';
import { collectNftItem } from './collect-nft-item.js';
import { layoutNotice } from './layout-notice.js';
import type { NftIssue, NftNotice, NftParseResult } from './nft-issue.js';
import type { NftChain, NftRule, NftRuleset, NftTable } from './nft-ruleset.js';
import { parseNftBaseChain } from './parse-nft-base-chain.js';
import { parseNftRule, renderNftTokens } from './parse-nft-rule.js';
import { type NftToken, tokenizeNft } from './tokenize-nft.js';
import { readNftWarning, xtNotice } from './xt-notice.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ChainB = Mutable<Omit<NftChain, 'rules'>> & { rules: NftRule[] };
type TableB = Mutable<Omit<NftTable, 'chains'>> & { chains: ChainB[] };

/** The table and chain rule lines pasted on their own go to. */
const isImplicit = (t: TableB): boolean => t.family === '' && t.name === '';
const FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
const BLOCKS = new Set([
  'set',
  'map',
  'flowtable',
  'counter',
  'quota',
  'ct',
  'limit',
  'secmark',
  'synproxy',
  'tunnel',
]);

/**
 * Reads `nft list ruleset` output: tables, chains (base chains with type/hook/priority/policy), rules with their
 * statements (see parseNftRule), `# handle N` comments (`nft -a`), and iptables-nft's traces (`xt target
 * "MASQUERADE"`, `# Warning: …` lines) as notices. Sets, maps and other objects are skipped. Rule lines pasted
 * without table and chain go to a table and chain named "". Never throws.
 */
export function parseNftRuleset(text: string): NftParseResult<NftRuleset> {
  const lexed = tokenizeNft(text);
  const tokens = lexed.tokens;
  const issues: NftIssue[] = [...lexed.issues];
  const notices: NftNotice[] = [];
  const tables: TableB[] = [];
  const managed: { family: string; name: string }[] = [];
  let table: TableB | undefined;
  let chain: ChainB | undefined;
  let skipDepth = 0;
  let lastOpened: { line: number; block: { handle?: number } } | undefined;
  let i = 0;

  const issue = (code: NftIssue['code'], t: NftToken, message: string) =>
    issues.push({ code, line: t.line, column: t.column, message });
  const restOfLine = (from: number): number => {
    let j = from;
    while (j < tokens.length && tokens[j]?.kind !== 'newline') j++;
    return j;
  };
  const comment = (t: NftToken) => {
    const handle = /^handle (\d+)$/.exec(t.text);
    if (handle && lastOpened?.line === t.line) lastOpened.block.handle = Number(handle[1]);
    const warning = readNftWarning(t.text, t.line, t.column);
    if (warning) notices.push(warning.notice);
    if (warning?.managed) managed.push(warning.managed);
  };

  while (i < tokens.length) {
    const t = tokens[i] as NftToken;
    if (t.kind === 'newline' || t.text === ';') {
      i++;
    } else if (t.kind === 'comment') {
      comment(t);
      i++;
    } else if (skipDepth > 0) {
      if (t.text === '{') skipDepth++;
      else if (t.text === '}') skipDepth--;
      i++;
    } else if (t.text === '}' && t.kind === 'punct') {
      if (chain) chain = undefined;
      else if (table) table = undefined;
      else issue('unexpected-close', t, 'a } that closes nothing');
      i++;
    } else if ((!table || isImplicit(table)) && t.text === 'table') {
      const end = restOfLine(i);
      const header = tokens.slice(i + 1, end);
      const words = header.filter((w) => w.kind === 'word' || w.kind === 'string').slice(0, 2);
      const family =
        words.length === 2 && FAMILIES.has(words[0]?.text ?? '') ? (words[0]?.text ?? 'ip') : 'ip';
      const name = words.at(-1)?.text ?? '';
      const isManaged = managed.some((m) => m.family === family && m.name === name);
      table = { family, name, line: t.line, chains: [], managedByIptablesNft: isManaged };
      chain = undefined;
      tables.push(table);
      lastOpened = { line: t.line, block: table };
      const brace = header.findIndex((w) => w.text === '{');
      i = brace < 0 ? end : i + 1 + brace + 1;
    } else if (table && !chain && t.text === 'chain') {
      const name = tokens[i + 1]?.text ?? '';
      chain = { name, line: t.line, rules: [] };
      table.chains.push(chain);
      lastOpened = { line: t.line, block: chain };
      i += tokens[i + 2]?.text === '{' ? 3 : 2;
    } else if (table && !chain && BLOCKS.has(t.text)) {
      const end = restOfLine(i);
      const line = tokens.slice(i, end);
      const opens = line.filter((w) => w.text === '{').length - line.filter((w) => w.text === '}').length;
      skipDepth = Math.max(0, opens);
      i = end;
    } else if (table && !chain) {
      if (t.text !== 'flags' && t.text !== 'comment')
        issue('unexpected-line', t, `unexpected "${t.text}" in a table`);
      i = restOfLine(i);
    } else {
      i = readItem(i);
    }
  }

  function readItem(start: number): number {
    const { item, next } = collectNftItem(tokens, start);
    for (const c of item) if (c.kind === 'comment') comment(c);
    addItem(
      item.filter((c) => c.kind !== 'comment'),
      item.filter((c) => c.kind === 'comment'),
    );
    return next;
  }

  function addItem(words: NftToken[], comments: NftToken[]): void {
    const first = words[0];
    if (!first) return;
    if (chain && first.text === 'type') {
      const base = parseNftBaseChain(words, table?.family ?? 'ip', issues);
      if (base)
        chain.base = { ...base, ...(chain.base?.policy !== undefined && { policy: chain.base.policy }) };
      return;
    }
    if (chain && first.text === 'policy' && words.length === 2) {
      if (chain.base) chain.base = { ...chain.base, policy: words[1]?.text ?? '' };
      return;
    }
    if (chain && first.text === 'comment' && words.length === 2 && chain.rules.length === 0) {
      chain.comment = words[1]?.text ?? '';
      return;
    }
    if (chain && first.text === 'devices') return;
    const statements = parseNftRule(words, issues);
    // nft before 1.0.6 built without libxtables printed an untranslatable compat expression as "# xt_NAME" (xt.c).
    for (const c of comments) {
      const name = /^xt_(\S+)$/.exec(c.text)?.[1];
      if (name)
        statements.push({
          kind: 'xt',
          xtType: /^[A-Z]/.test(name) ? 'target' : 'match',
          name,
          line: c.line,
          column: c.column,
        });
    }
    if (!chain && statements.every((s) => s.kind === 'other')) {
      issue('unexpected-line', first, `unexpected "${first.text}" outside a chain`);
      return;
    }
    if (!chain) {
      table = table ?? { family: '', name: '', line: first.line, chains: [], managedByIptablesNft: false };
      if (!tables.includes(table)) tables.push(table);
      chain = { name: '', line: first.line, rules: [] };
      table.chains.push(chain);
    }
    const handleText = comments.map((c) => /^handle (\d+)$/.exec(c.text)?.[1]).find((h) => h !== undefined);
    const handle = handleText === undefined ? undefined : Number(handleText);
    chain.rules.push({
      line: first.line,
      column: first.column,
      text: renderNftTokens(words),
      ...(handle !== undefined && { handle }),
      statements,
    });
    for (const s of statements)
      if (s.kind === 'xt') {
        notices.push(xtNotice(s.xtType, s.name, s.line, s.column));
        if (table) table.managedByIptablesNft = true;
      }
  }

  const end = endOfInput(text.split('\n'));
  if (chain && table && !isImplicit(table))
    issues.push({
      code: 'unclosed-block',
      ...end,
      message: `chain ${chain.name} (line ${chain.line}) is not closed`,
    });
  if (table && !isImplicit(table))
    issues.push({
      code: 'unclosed-block',
      ...end,
      message: `table ${table.family} ${table.name} (line ${table.line}) is not closed`,
    });
  if (tables.length === 0 && issues.length === 0)
    issues.push({ code: 'empty-input', line: 1, column: 1, message: 'no table' });
  for (const t of tables) {
    const notice = layoutNotice(t);
    if (notice) notices.push(notice);
  }
  return {
    value: { tables, notices },
    issues: issues.sort((a, b) => a.line - b.line || a.column - b.column),
  };
}
