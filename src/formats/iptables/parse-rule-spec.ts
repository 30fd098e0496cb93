import { decodeRuleTarget } from './decode-rule-target.js';
import { parseIptablesAddress } from './parse-iptables-address.js';
import type { RuleMatch, RuleOption, RuleSpec } from './rule-spec.js';
import type { ParseResult, RuleSpecIssue } from './rule-spec-issue.js';
import { type RuleToken, tokenizeRuleSpec } from './tokenize-rule-spec.js';

type Builtin =
  | 'table'
  | 'append'
  | 'insert'
  | 'source'
  | 'destination'
  | 'in-interface'
  | 'out-interface'
  | 'protocol'
  | 'fragment'
  | 'match'
  | 'jump'
  | 'goto'
  | 'set-counters';

const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['-t', 'table'],
  ['--table', 'table'],
  ['-A', 'append'],
  ['--append', 'append'],
  ['-I', 'insert'],
  ['--insert', 'insert'],
  ['-s', 'source'],
  ['--source', 'source'],
  ['--src', 'source'],
  ['-d', 'destination'],
  ['--destination', 'destination'],
  ['--dst', 'destination'],
  ['-i', 'in-interface'],
  ['--in-interface', 'in-interface'],
  ['-o', 'out-interface'],
  ['--out-interface', 'out-interface'],
  ['-p', 'protocol'],
  ['--protocol', 'protocol'],
  ['-f', 'fragment'],
  ['--fragment', 'fragment'],
  ['-m', 'match'],
  ['--match', 'match'],
  ['-j', 'jump'],
  ['--jump', 'jump'],
  ['-g', 'goto'],
  ['--goto', 'goto'],
  ['-c', 'set-counters'],
  ['--set-counters', 'set-counters'],
]);

const NEGATABLE: ReadonlySet<Builtin> = new Set<Builtin>([
  'source',
  'destination',
  'in-interface',
  'out-interface',
  'protocol',
  'fragment',
]);

/** The kernel's dev_valid_name: 1..IFNAMSIZ-1 characters, no `/`, `:` or blanks, not `.` or `..`. */
const INTERFACE = /^[^\s/:]{1,15}$/;
const PROTOCOL = /^(?:[a-z][a-z0-9-]*|\d{1,3})$/;
const COUNTERS = /^\[(\d+):(\d+)\]$/;
const DIGITS = /^\d+$/;

const isBang = (t: RuleToken | undefined): boolean => t !== undefined && !t.quoted && t.text === '!';
const isOptionLike = (t: RuleToken | undefined): boolean =>
  t !== undefined && !t.quoted && t.text.length > 1 && t.text.startsWith('-') && !/^-\d/.test(t.text);
const isArgument = (t: RuleToken | undefined): t is RuleToken =>
  t !== undefined && !isOptionLike(t) && !isBang(t);

/**
 * Parses one rule spec as written by `iptables-save` / `iptables -S` (`-A POSTROUTING -s 10.244.0.0/16
 * ! -o cni0 -j MASQUERADE --random-fully`), also accepting `-t nat`, `-I CHAIN [n]`, a `[pkts:bytes]` prefix
 * and the pre-1.4.3 intrapositioned negation (`-s ! 10.0.0.0/8`). Options after `-m x` belong to module x,
 * options after `-j X` to target X. Never throws: everything that could be read is in the value.
 */
export function parseRuleSpec(text: string): ParseResult<RuleSpec> {
  const tokenized = tokenizeRuleSpec(text);
  const tokens = tokenized.value;
  const issues: RuleSpecIssue[] = [...tokenized.issues];
  const issue = (code: RuleSpecIssue['code'], column: number, message: string): void => {
    issues.push({ code, column, message });
  };

  let counters: RuleSpec['counters'];
  let table: string | undefined;
  let chain: string | undefined;
  let insertPosition: number | undefined;
  const matches: RuleMatch[] = [];
  const modules: { module: string; options: RuleOption[]; implicit: boolean; column: number }[] = [];
  let target: { name: string; options: RuleOption[]; column: number; goto: boolean } | undefined;
  let current: { options: RuleOption[] } | undefined;
  const seen = new Set<Builtin>();
  let negation: RuleToken | undefined;

  let i = 0;
  const counterMatch = COUNTERS.exec(tokens[0]?.quoted === false ? tokens[0].text : '');
  if (counterMatch) {
    counters = { packets: Number(counterMatch[1]), bytes: Number(counterMatch[2]) };
    i = 1;
  }

  /** The argument after the option at `i` (with `-x ! arg` handled); advances `i` past what it consumed. */
  const takeArgument = (
    option: RuleToken,
    negatable: boolean,
  ): { arg?: RuleToken; intraNegated: boolean } => {
    let intraNegated = false;
    if (negatable && isBang(tokens[i + 1]) && isArgument(tokens[i + 2])) {
      intraNegated = true;
      i++;
    }
    const next = tokens[i + 1];
    if (!isArgument(next)) {
      issue('missing-argument', option.column, `${option.text} needs a value`);
      return { intraNegated };
    }
    i++;
    return { arg: next, intraNegated };
  };

  /** Collects the arguments of a module or target option (any number, up to the next option or `!`). */
  const takeArguments = (): { args: RuleToken[]; intraNegated: boolean } => {
    let intraNegated = false;
    if (isBang(tokens[i + 1]) && isArgument(tokens[i + 2])) {
      intraNegated = true;
      i++;
    }
    const args: RuleToken[] = [];
    for (let next = tokens[i + 1]; isArgument(next); next = tokens[i + 1]) {
      args.push(next);
      i++;
    }
    return { args, intraNegated };
  };

  for (let token = tokens[i]; token !== undefined; token = tokens[++i]) {
    if (isBang(token)) {
      if (negation) issue('misplaced-negation', token.column, "'!' given twice");
      negation = token;
      continue;
    }
    const negated = negation !== undefined;
    const negationToken = negation;
    negation = undefined;
    if (!isOptionLike(token)) {
      issue('unexpected-argument', token.column, `unexpected '${token.text}' where an option was expected`);
      continue;
    }
    const builtin = BUILTINS.get(token.text);
    if (builtin === undefined) {
      const { args, intraNegated } = takeArguments();
      if (!token.text.startsWith('--')) {
        issue('unknown-option', token.column, `unknown option ${token.text}`);
        continue;
      }
      const option: RuleOption = {
        name: token.text.slice(2),
        args: args.map((a) => a.text),
        argColumns: args.map((a) => a.column),
        negated: negated || intraNegated,
        column: token.column,
      };
      const owner = current ?? implicitModule(matches, modules, token.column);
      if (owner) owner.options.push(option);
      else issue('unknown-option', token.column, `unknown option ${token.text} (no -m or -j before it)`);
      continue;
    }
    if (negationToken && !NEGATABLE.has(builtin))
      issue('misplaced-negation', negationToken.column, `${token.text} cannot be negated`);
    if (seen.has(builtin) && builtin !== 'match')
      issue('duplicate-option', token.column, `${token.text} given twice`);
    seen.add(builtin);

    if (builtin === 'fragment') {
      matches.push({ type: 'fragment', negated, column: token.column });
      continue;
    }
    if (builtin === 'set-counters') {
      const packets = tokens[i + 1];
      const bytes = tokens[i + 2];
      if (packets && bytes && DIGITS.test(packets.text) && DIGITS.test(bytes.text)) {
        counters = { packets: Number(packets.text), bytes: Number(bytes.text) };
        i += 2;
      } else issue('missing-argument', token.column, `${token.text} needs packets and bytes`);
      continue;
    }
    const { arg, intraNegated } = takeArgument(token, NEGATABLE.has(builtin));
    if (!arg) continue;
    const neg = negated || intraNegated;
    switch (builtin) {
      case 'table':
        table = arg.text;
        break;
      case 'append':
      case 'insert':
        chain = arg.text;
        if (builtin === 'insert') {
          const position = tokens[i + 1];
          if (position && !position.quoted && DIGITS.test(position.text)) {
            insertPosition = Number(position.text);
            i++;
          } else insertPosition = 1;
        }
        break;
      case 'source':
      case 'destination': {
        const cidr = parseIptablesAddress(arg.text);
        if (cidr) matches.push({ type: builtin, cidr, negated: neg, column: token.column });
        else issue('bad-address', arg.column, `bad address '${arg.text}'`);
        break;
      }
      case 'in-interface':
      case 'out-interface':
        if (INTERFACE.test(arg.text) && arg.text !== '.' && arg.text !== '..')
          matches.push({ type: builtin, name: arg.text, negated: neg, column: token.column });
        else issue('bad-interface', arg.column, `bad interface name '${arg.text}'`);
        break;
      case 'protocol': {
        const name = arg.text.toLowerCase();
        if (PROTOCOL.test(name) && !(DIGITS.test(name) && Number(name) > 255))
          matches.push({ type: 'protocol', name, negated: neg, column: token.column });
        else issue('bad-protocol', arg.column, `bad protocol '${arg.text}'`);
        break;
      }
      case 'match': {
        const module = { module: arg.text, options: [], implicit: false, column: token.column };
        modules.push(module);
        current = module;
        break;
      }
      case 'jump':
      case 'goto':
        target = { name: arg.text, options: [], column: token.column, goto: builtin === 'goto' };
        current = target;
        break;
      default: {
        const unreachable: never = builtin;
        return unreachable;
      }
    }
  }
  if (negation) issue('misplaced-negation', negation.column, "'!' at the end of the rule");

  const protocol = matches.find((m) => m.type === 'protocol');
  const value: RuleSpec = {
    ...(counters && { counters }),
    ...(table !== undefined && { table }),
    ...(chain !== undefined && { chain }),
    ...(insertPosition !== undefined && { insertPosition }),
    matches,
    modules,
    ...(target && { target: decodeRuleTarget(target, protocol, issues) }),
    tokens,
  };
  return { value, issues };
}

/** iptables loads the protocol's match for `-p tcp --dport 80` without `-m tcp`; so do we, once. */
function implicitModule(
  matches: readonly RuleMatch[],
  modules: { module: string; options: RuleOption[]; implicit: boolean; column: number }[],
  column: number,
): { options: RuleOption[] } | undefined {
  const protocol = matches.find((m) => m.type === 'protocol');
  if (protocol?.type !== 'protocol' || !/^[a-z]/.test(protocol.name)) return undefined;
  const existing = modules.find((m) => m.implicit);
  if (existing) return existing;
  const module = { module: protocol.name, options: [], implicit: true, column };
  modules.push(module);
  return module;
}
