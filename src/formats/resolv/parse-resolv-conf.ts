export type ResolvIssueCode =
  /** A keyword resolv.conf(5) does not know (glibc ignores the line). */
  | 'unknown-keyword'
  /** An `options` entry glibc does not know, or a bad number in `ndots:n`, `timeout:n`, `attempts:n`. */
  | 'bad-option'
  /** `nameserver` or `search` without a value. */
  | 'missing-argument'
  | 'empty-input';

export interface ResolvIssue {
  readonly code: ResolvIssueCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ResolvConf {
  readonly nameservers: readonly { readonly address: string; readonly line: number }[];
  /** The last `search` or `domain` line wins (resolv.conf(5)). */
  readonly search: readonly string[];
  readonly options: ResolvOptions;
}

export interface ResolvOptions {
  readonly ndots?: number;
  readonly timeout?: number;
  readonly attempts?: number;
  /** glibc: A and AAAA sequentially from one socket. */
  readonly singleRequest: boolean;
  /** glibc: A and AAAA sequentially, a new socket for the second. */
  readonly singleRequestReopen: boolean;
  /** TCP for queries: no UDP conntrack race. */
  readonly useVc: boolean;
  readonly rotate: boolean;
  /** Known flags not listed above (`edns0`, `trust-ad`, `no-aaaa`, …). */
  readonly flags: readonly string[];
}

const NUMERIC = new Set(['ndots', 'timeout', 'attempts']);
const FLAGS = new Set(
  'rotate no-check-names inet6 ip6-bytestring ip6-dotint no-ip6-dotint edns0 single-request single-request-reopen no-tld-query use-vc no-reload trust-ad no-aaaa debug'.split(
    ' ',
  ),
);

/** Reads /etc/resolv.conf as glibc's res_init does (musl reads a subset). Never throws. */
export function parseResolvConf(text: string): {
  readonly value: ResolvConf;
  readonly issues: readonly ResolvIssue[];
} {
  const issues: ResolvIssue[] = [];
  const nameservers: { address: string; line: number }[] = [];
  let search: string[] = [];
  const numbers: Partial<Record<'ndots' | 'timeout' | 'attempts', number>> = {};
  const flags = new Set<string>();
  let seen = false;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const words = [...raw.replace(/\r$/, '').matchAll(/[^\s]+/g)].map((m) => ({
      text: m[0],
      column: (m.index ?? 0) + 1,
    }));
    const [keyword, ...args] = words;
    if (!keyword || keyword.text.startsWith('#') || keyword.text.startsWith(';')) return;
    seen = true;
    const issue = (code: ResolvIssueCode, column: number, message: string) =>
      issues.push({ code, line, column, message });
    if (
      (keyword.text === 'nameserver' || keyword.text === 'search' || keyword.text === 'domain') &&
      args.length === 0
    )
      issue('missing-argument', keyword.column, `${keyword.text} needs a value`);
    else if (keyword.text === 'nameserver') nameservers.push({ address: args[0]?.text ?? '', line });
    else if (keyword.text === 'search' || keyword.text === 'domain') search = args.map((a) => a.text);
    else if (keyword.text === 'options')
      for (const a of args) {
        const [name = '', value] = a.text.split(':');
        if (NUMERIC.has(name) && value !== undefined && /^\d+$/.test(value))
          numbers[name as 'ndots'] = Number(value);
        else if (FLAGS.has(name) && value === undefined) flags.add(name);
        else issue('bad-option', a.column, `unknown or malformed option "${a.text}"`);
      }
    else if (keyword.text !== 'sortlist')
      issue('unknown-keyword', keyword.column, `unknown keyword "${keyword.text}"`);
  });
  if (!seen) issues.push({ code: 'empty-input', line: 1, column: 1, message: 'no resolv.conf line' });
  const named = new Set(['single-request', 'single-request-reopen', 'use-vc', 'rotate']);
  const options: ResolvOptions = {
    ...numbers,
    singleRequest: flags.has('single-request'),
    singleRequestReopen: flags.has('single-request-reopen'),
    useVc: flags.has('use-vc'),
    rotate: flags.has('rotate'),
    flags: [...flags].filter((f) => !named.has(f)),
  };
  return { value: { nameservers, search, options }, issues };
}
