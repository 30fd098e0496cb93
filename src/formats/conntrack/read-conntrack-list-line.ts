import { TCP_CT_STATES, type TcpCtState } from '../../core/netfilter/conntrack-list-entry.js';
import { type ConntrackListFields, clearConntrackListFields, hasTuple } from './conntrack-list-fields.js';
import type {
  ConntrackListIssue,
  ConntrackListIssueCode,
  ConntrackListOther,
} from './conntrack-list-issue.js';
import {
  countCharacters,
  decodeBytes,
  findByteIn,
  findTokenEnd,
  matchesAt,
  readDecimalAt,
} from './line-bytes.js';
import { readEntryFields } from './read-conntrack-entry-fields.js';

/** What one line of a listing is. */
export type ConntrackListLine =
  /** A TCP/UDP IPv4 entry: its fields are in the record the caller passed. */
  | { readonly type: 'entry' }
  | { readonly type: 'other'; readonly other: ConntrackListOther }
  | { readonly type: 'summary'; readonly version: string; readonly shown: number }
  | { readonly type: 'blank' }
  /** Its issues say why. */
  | { readonly type: 'unreadable' };

const STATES_BY_LIKELIHOOD: readonly TcpCtState[] = [
  'ESTABLISHED',
  'TIME_WAIT',
  ...TCP_CT_STATES.filter((name) => name !== 'ESTABLISHED' && name !== 'TIME_WAIT'),
];
const SUMMARY = /^conntrack v(\S+) \(conntrack-tools\): (\d+) flow entr(?:y|ies) ha(?:s|ve) been shown\.?$/;
const ENTRY: ConntrackListLine = { type: 'entry' };
const BLANK: ConntrackListLine = { type: 'blank' };
const UNREADABLE: ConntrackListLine = { type: 'unreadable' };
const SPACE = 32;
const TAB = 9;
const EQUALS = 61;
/** `ipv4 2 tcp 6 117 SYN_SENT`: the most tokens before the first field. */
const HEAD_TOKENS = 6;

/** The current line, [from, to) without its CR, and its first `count` tokens (at most HEAD_TOKENS). */
const line = { from: 0, to: 0, count: 0 };
/** Token k is [tokens[2k], tokens[2k + 1]); reused between lines. */
const tokens = new Int32Array(2 * HEAD_TOKENS);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Reads the line bytes[from, to) of `conntrack -L` (default or `-o extended`) or `/proc/net/nf_conntrack`
 * (kernel-nat.md §3.3), or the summary conntrack writes to stderr. A TCP/UDP IPv4 entry is read into `fields`
 * (reused: nothing is allocated for it); other protocols and IPv6 are kept generically. Never throws: problems go
 * to `issues` with their character column. A scanner over byte offsets (no token strings) because a 1 M-line
 * dump must be read in well under a second.
 */
export function readConntrackListLine(
  bytes: Uint8Array,
  from: number,
  to: number,
  lineNumber: number,
  fields: ConntrackListFields,
  issues: ConntrackListIssue[],
): ConntrackListLine {
  line.from = from;
  line.to = to > from && bytes[to - 1] === 13 ? to - 1 : to;
  tokenizeHead(bytes);
  const count = line.count;
  if (count === 0) return BLANK;
  if (count > 1 && bytes[s(1)] === 118 /* v */ && matchesAt(bytes, s(0), e(0), 'conntrack')) {
    const text = decodeBytes(bytes, line.from, line.to).replaceAll('\t', ' ').trim();
    const m = SUMMARY.exec(text);
    if (m) return { type: 'summary', version: m[1] ?? '', shown: Number(m[2]) };
    return reportAt(
      bytes,
      issues,
      lineNumber,
      'tool-message',
      s(0),
      `a conntrack message, not an entry: ${text.slice(0, 80)}`,
    );
  }
  let at = 0;
  let l3: 'ipv4' | 'other' | undefined;
  // `ipv4 2 tcp 6` (l3 first) when tokens 0-3 are name, number, name, number; else `tcp 6`.
  const isProto = isName(bytes, 0);
  let protoNumber = decimal(bytes, 1);
  if (isProto && protoNumber >= 0 && isName(bytes, 2)) {
    const l4Number = decimal(bytes, 3);
    if (l4Number >= 0) {
      l3 = matchesAt(bytes, s(0), e(0), 'ipv4') ? 'ipv4' : 'other';
      at = 2;
      protoNumber = l4Number;
    }
  }
  if (!isProto || protoNumber < 0)
    return reportAt(
      bytes,
      issues,
      lineNumber,
      'bad-line',
      s(at),
      'not a conntrack entry: expected "protocol number timeout …"',
    );
  const protoAt = at;
  const proto = matchesAt(bytes, s(at), e(at), 'tcp')
    ? 'tcp'
    : matchesAt(bytes, s(at), e(at), 'udp')
      ? 'udp'
      : undefined;
  at += 2;
  let timeoutS = -1;
  const c0 = at < count ? (bytes[s(at)] ?? 0) : 0;
  if (c0 >= 48 && c0 <= 57) {
    // /proc omits the timeout of an offloaded entry: then the state or the tuple comes first.
    timeoutS = decimal(bytes, at);
    if (timeoutS < 0)
      return reportAt(
        bytes,
        issues,
        lineNumber,
        'bad-number',
        s(at),
        `timeout "${word(bytes, at)}" is not a number of seconds`,
      );
    at++;
  }
  const afterTimeout = at;
  let stateAt = -1;
  if (at < count && bytes[s(at)] !== 91 /* [ */ && findByteIn(bytes, s(at), e(at), EQUALS) < 0) {
    stateAt = at;
    at++;
  }
  if (proto === undefined || l3 === 'other') {
    const head = { l3: l3 && word(bytes, 0), proto: word(bytes, protoAt), protoNumber, timeoutS };
    const state = stateAt < 0 ? undefined : word(bytes, stateAt);
    return { type: 'other', other: readOther(bytes, head, state, at < count ? s(at) : e(count - 1)) };
  }

  clearConntrackListFields(fields);
  fields.proto = proto;
  fields.timeoutS = timeoutS;
  fields.l3 = l3 === 'ipv4';
  const problem = readEntryFields(bytes, at < count ? s(at) : e(count - 1), line.to, fields);
  if (problem) return reportAt(bytes, issues, lineNumber, problem.code, problem.at, problem.message);
  if (!hasTuple(fields.orig) || !hasTuple(fields.reply))
    return reportAt(
      bytes,
      issues,
      lineNumber,
      'missing-field',
      line.to,
      `${hasTuple(fields.orig) ? 'reply' : 'original'} tuple lacks src, dst, sport or dport`,
    );
  if (timeoutS < 0 && fields.offload === undefined)
    return reportAt(bytes, issues, lineNumber, 'missing-field', s(afterTimeout), 'no timeout');
  if (proto === 'tcp' && stateAt >= 0) {
    fields.tcpState = tcpStateAt(bytes, stateAt);
    if (fields.tcpState === undefined)
      reportAt(bytes, issues, lineNumber, 'unknown-state', s(stateAt), `TCP state "${word(bytes, stateAt)}"`);
  }
  return ENTRY;
}

/** Splits the line at runs of spaces and tabs, up to HEAD_TOKENS tokens (what comes before the fields). */
function tokenizeHead(bytes: Uint8Array): void {
  const to = line.to;
  let count = 0;
  for (let i = line.from; i < to && count < HEAD_TOKENS; ) {
    const c = bytes[i];
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < to && bytes[j] !== SPACE && bytes[j] !== TAB) j++;
    tokens[2 * count] = i;
    tokens[2 * count + 1] = j;
    count++;
    i = j + 1;
  }
  line.count = count;
}

/** Token k's start and end, or the line's end when there is no token k. */
const s = (k: number): number => (k < line.count ? (tokens[2 * k] ?? line.to) : line.to);
const e = (k: number): number => (k < line.count ? (tokens[2 * k + 1] ?? line.to) : line.to);
const word = (bytes: Uint8Array, k: number): string => decodeBytes(bytes, s(k), e(k));
const decimal = (bytes: Uint8Array, k: number): number =>
  k < line.count ? readDecimalAt(bytes, s(k), e(k)) : -1;

/** A lowercase protocol or l3 name (`tcp`, `ipv4`, `unknown`, `udplite`). */
function isName(bytes: Uint8Array, k: number): boolean {
  if (k >= line.count) return false;
  const c = bytes[s(k)] ?? 0;
  return c >= 97 && c <= 122 && findByteIn(bytes, s(k), e(k), EQUALS) < 0;
}

/** The issue at byte offset `at` of the line, with its character column. */
function reportAt(
  bytes: Uint8Array,
  issues: ConntrackListIssue[],
  lineNumber: number,
  code: ConntrackListIssueCode,
  at: number,
  message: string,
): ConntrackListLine {
  issues.push({ code, line: lineNumber, column: countCharacters(bytes, line.from, at) + 1, message });
  return UNREADABLE;
}

/** One of the kernel's names (the most common first), or undefined. */
function tcpStateAt(bytes: Uint8Array, k: number): TcpCtState | undefined {
  const from = s(k);
  const to = e(k);
  for (const name of STATES_BY_LIKELIHOOD) if (matchesAt(bytes, from, to, name)) return name;
  return undefined;
}

/** Any other protocol (ICMP, IGMP, GRE, SCTP) or any IPv6 entry, kept as text; its fields start at `pos`. */
function readOther(
  bytes: Uint8Array,
  head: {
    readonly l3: string | undefined;
    readonly proto: string;
    readonly protoNumber: number;
    readonly timeoutS: number;
  },
  state: string | undefined,
  pos: number,
): ConntrackListOther {
  const fields: (readonly [string, string])[] = [];
  const flags: string[] = [];
  for (; pos < line.to; pos++) {
    if (bytes[pos] === SPACE || bytes[pos] === TAB) continue;
    const end = findTokenEnd(bytes, pos, line.to);
    const eq = findByteIn(bytes, pos, end, EQUALS);
    if (eq < 0) flags.push(decodeBytes(bytes, pos, end));
    else fields.push([decodeBytes(bytes, pos, eq), decodeBytes(bytes, eq + 1, end)]);
    pos = end;
  }
  const other: Mutable<ConntrackListOther> = {
    proto: head.proto,
    protoNumber: head.protoNumber,
    fields,
    flags,
  };
  if (head.l3 !== undefined) other.l3 = head.l3;
  if (head.timeoutS >= 0) other.timeoutS = head.timeoutS;
  if (state !== undefined) other.state = state;
  return other;
}
