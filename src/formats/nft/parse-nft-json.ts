import { type JsonValue, parseJsonText } from '../json/parse-json-text.js';
import { layoutNotice } from './layout-notice.js';
import type { NftIssue, NftNotice, NftParseResult } from './nft-issue.js';
import type { NftChain, NftRule, NftRuleset, NftStatement, NftTable } from './nft-ruleset.js';
import { nftStatementFromJson } from './nft-statement-from-json.js';
import { renderNftStatement } from './render-nft-statement.js';
import { xtNotice } from './xt-notice.js';

type Rec = { readonly [key: string]: JsonValue };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ChainB = Mutable<Omit<NftChain, 'rules'>> & { rules: NftRule[] };
type TableB = Mutable<Omit<NftTable, 'chains'>> & { chains: ChainB[] };

const isRecord = (v: JsonValue | undefined): v is Rec =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: JsonValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * Reads `nft -j list ruleset` (libnftables-json(5)) into the same model as parseNftRuleset. Positions are those
 * of the JSON objects. A truncated document yields the objects read before the cut. Never throws.
 */
export function parseNftJson(text: string): NftParseResult<NftRuleset> {
  const parsed = parseJsonText(text);
  const issues: NftIssue[] = [...parsed.issues];
  const notices: NftNotice[] = [];
  const tables: TableB[] = [];
  let nftVersion: string | undefined;
  const root = parsed.value;
  const list = isRecord(root) ? root.nftables : undefined;
  if (!Array.isArray(list)) {
    if (root !== undefined)
      issues.push({ code: 'unexpected-json', line: 1, column: 1, message: 'no "nftables" array' });
    return { value: { tables, notices }, issues };
  }
  const tableOf = (family: string, name: string, line: number): TableB => {
    let t = tables.find((x) => x.family === family && x.name === name);
    if (!t) {
      t = { family, name, line, chains: [], managedByIptablesNft: false };
      tables.push(t);
    }
    return t;
  };
  const chainOf = (table: TableB, name: string, line: number): ChainB => {
    let c = table.chains.find((x) => x.name === name);
    if (!c) {
      c = { name, line, rules: [] };
      table.chains.push(c);
    }
    return c;
  };
  for (const item of list) {
    if (!isRecord(item)) continue;
    const [kind, body] = Object.entries(item)[0] ?? ['', null];
    // The object a truncated capture stops inside holds part of a rule: leave it out (the issue says so).
    if (!isRecord(body) || !parsed.isComplete(item)) continue;
    const at = parsed.positionOf(body) ?? parsed.positionOf(item) ?? { line: 1, column: 1 };
    const family = str(body.family) ?? '';
    const handle = num(body.handle);
    if (kind === 'metainfo') nftVersion = str(body.version);
    else if (kind === 'table') {
      const t = tableOf(family, str(body.name) ?? '', at.line);
      if (handle !== undefined) t.handle = handle;
    } else if (kind === 'chain') {
      const c = chainOf(tableOf(family, str(body.table) ?? '', at.line), str(body.name) ?? '', at.line);
      if (handle !== undefined) c.handle = handle;
      const type = str(body.type);
      const hook = str(body.hook);
      const prio = num(body.prio);
      const policy = str(body.policy);
      const device = str(body.dev);
      if (type !== undefined && hook !== undefined)
        c.base = {
          type,
          hook,
          ...(prio !== undefined && { priority: prio }),
          priorityText: prio === undefined ? '' : String(prio),
          ...(policy !== undefined && { policy }),
          ...(device !== undefined && { device }),
        };
      const comment = str(body.comment);
      if (comment !== undefined) c.comment = comment;
    } else if (kind === 'rule') {
      const table = tableOf(family, str(body.table) ?? '', at.line);
      const chain = chainOf(table, str(body.chain) ?? '', at.line);
      if (!Array.isArray(body.expr)) {
        issues.push({ code: 'unexpected-json', ...at, message: 'a rule without an "expr" array' });
        continue;
      }
      const statements: NftStatement[] = body.expr.flatMap((s) => nftStatementFromJson(s, at, issues));
      const comment = str(body.comment);
      if (comment !== undefined) statements.push({ kind: 'comment', text: comment, ...at });
      const named = statements.map((s, i) =>
        s.kind === 'xt' && s.xtType === '' ? namedXt(s, i, statements) : s,
      );
      chain.rules.push({
        ...at,
        text: named.map(renderNftStatement).join(' '),
        ...(handle !== undefined && { handle }),
        statements: named,
      });
      for (const s of chain.rules.at(-1)?.statements ?? [])
        if (s.kind === 'xt') {
          notices.push(xtNotice(s.xtType, s.name || '(unnamed: nft before 1.0.6)', s.line, s.column));
          table.managedByIptablesNft = true;
        }
    }
  }
  for (const t of tables) {
    const notice = layoutNotice(t);
    if (notice) notices.push(notice);
  }
  if (tables.length === 0 && issues.length === 0 && nftVersion === undefined)
    issues.push({ code: 'empty-input', line: 1, column: 1, message: 'no table' });
  return { value: { tables, notices, ...(nftVersion !== undefined && { nftVersion }) }, issues };
}

/**
 * `{"xt": null}` (nft before 1.0.6) names neither type nor extension. iptables-nft puts the target last, after
 * the counter, so a last-position xt is taken for a target and any other for a match.
 */
function namedXt(s: NftStatement, index: number, all: readonly NftStatement[]): NftStatement {
  const last = all.findLastIndex((x) => x.kind !== 'comment');
  return { ...s, xtType: index === last ? 'target' : 'match' } as NftStatement;
}
