import type { Ipv4 } from '../../core/net/ipv4.js';
import {
  type ConntrackListEntry,
  type ConntrackListTuple,
  TCP_CT_STATES,
  type TcpCtState,
} from '../../core/netfilter/conntrack-list-entry.js';
import type {
  ConntrackListIssue,
  ConntrackListIssueCode,
  ConntrackListOther,
} from './conntrack-list-issue.js';

/** What one line of a listing is. */
export type ConntrackListLine =
  | { readonly type: 'entry'; readonly entry: ConntrackListEntry }
  | { readonly type: 'other'; readonly other: ConntrackListOther }
  | { readonly type: 'summary'; readonly version: string; readonly shown: number }
  | { readonly type: 'blank' }
  /** Its issues say why. */
  | { readonly type: 'unreadable' };

const SUMMARY = /^conntrack v(\S+) \(conntrack-tools\): (\d+) flow entr(?:y|ies) ha(?:s|ve) been shown\.?$/;
const STATES: ReadonlySet<string> = new Set(TCP_CT_STATES);
const BLANK: ConntrackListLine = { type: 'blank' };
const UNREADABLE: ConntrackListLine = { type: 'unreadable' };
const U32 = 2 ** 32 - 1;

const starts: number[] = [];
const ends: number[] = [];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One direction while it is read; -1 = not seen. */
interface Direction {
  src: number;
  dst: number;
  sport: number;
  dport: number;
  zone: number;
  packets: number;
  bytes: number;
}
const direction = (): Direction => ({
  src: -1,
  dst: -1,
  sport: -1,
  dport: -1,
  zone: -1,
  packets: -1,
  bytes: -1,
});

/**
 * Reads one line of `conntrack -L` (default or `-o extended`) or `/proc/net/nf_conntrack` (kernel-nat.md §3.3),
 * or the summary conntrack writes to stderr. TCP/UDP over IPv4 become ConntrackListEntry; other protocols and
 * IPv6 are kept generically. Never throws: problems go to `issues` with their column. A scanner over character
 * positions (no token strings) because a 1 M-line dump must be read in about a second.
 */
export function readConntrackListLine(
  text: string,
  lineNumber: number,
  issues: ConntrackListIssue[],
): ConntrackListLine {
  const trimmed = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
  // Tabs are rare; with them gone, native indexOf finds the token ends (a per-character loop is 3× slower).
  const line = trimmed.indexOf('\t') >= 0 ? trimmed.replaceAll('\t', ' ') : trimmed;
  // Reused between lines: a 1 M-line dump should not make 2 M arrays for the collector.
  starts.length = 0;
  ends.length = 0;
  for (let i = 0; i < line.length; ) {
    if (line.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    let j = line.indexOf(' ', i);
    if (j < 0) j = line.length;
    starts.push(i);
    ends.push(j);
    i = j + 1;
  }
  const count = starts.length;
  if (count === 0) return BLANK;
  const s = (k: number) => starts[k] ?? line.length;
  const e = (k: number) => ends[k] ?? line.length;
  const word = (k: number) => line.slice(s(k), e(k));
  const report = (code: ConntrackListIssueCode, at: number, message: string): ConntrackListLine => {
    issues.push({ code, line: lineNumber, column: (starts[at] ?? line.length) + 1, message });
    return UNREADABLE;
  };
  if (line.startsWith('conntrack', s(0)) && e(0) - s(0) === 9 && line.charCodeAt(s(1)) === 118 /* v */) {
    const m = SUMMARY.exec(line.trim());
    if (m) return { type: 'summary', version: m[1] ?? '', shown: Number(m[2]) };
    return report('tool-message', 0, `a conntrack message, not an entry: ${line.trim().slice(0, 80)}`);
  }
  let at = 0;
  const isName = (k: number) => k < count && isNameAt(line, s(k), e(k));
  const decimal = (k: number) => (k < count ? decimalAt(line, s(k), e(k)) : -1);
  let l3: string | undefined;
  if (isName(0) && decimal(1) >= 0 && isName(2) && decimal(3) >= 0) {
    l3 = word(0);
    at = 2;
  }
  const protoNumber = decimal(at + 1);
  if (!isName(at) || protoNumber < 0)
    return report('bad-line', at, 'not a conntrack entry: expected "protocol number timeout …"');
  const proto = word(at);
  at += 2;
  let timeoutS = -1;
  const c0 = at < count ? line.charCodeAt(s(at)) : 0;
  if (c0 >= 48 && c0 <= 57) {
    // /proc omits the timeout of an offloaded entry: then the state or the tuple comes first.
    timeoutS = decimal(at);
    if (timeoutS < 0) return report('bad-number', at, `timeout "${word(at)}" is not a number of seconds`);
    at++;
  }
  let state: string | undefined;
  const stateAt = at;
  if (at < count && line.charCodeAt(s(at)) !== 91 /* [ */ && !hasEquals(line, s(at), e(at))) {
    state = word(at);
    at++;
  }
  if ((proto !== 'tcp' && proto !== 'udp') || (l3 !== undefined && l3 !== 'ipv4')) {
    const fields: (readonly [string, string])[] = [];
    const flags: string[] = [];
    for (; at < count; at++) {
      const w = word(at);
      const eq = w.indexOf('=');
      if (eq < 0) flags.push(w);
      else fields.push([w.slice(0, eq), w.slice(eq + 1)]);
    }
    const other: Mutable<ConntrackListOther> = { proto, protoNumber, fields, flags };
    if (l3 !== undefined) other.l3 = l3;
    if (timeoutS >= 0) other.timeoutS = timeoutS;
    if (state !== undefined) other.state = state;
    return { type: 'other', other };
  }

  const orig = direction();
  const reply = direction();
  let dir: Direction | undefined;
  let mark = -1;
  let zone = -1;
  let use = -1;
  let unreplied = false;
  let assured = false;
  let offload: 'OFFLOAD' | 'HW_OFFLOAD' | undefined;
  for (; at < count; at++) {
    const from = s(at);
    const to = e(at);
    const eq = line.indexOf('=', from);
    if (eq < 0 || eq >= to) {
      const flag = to - from;
      if (flag === 11 && sameAt(line, from, '[UNREPLIED]')) unreplied = true;
      else if (flag === 9 && sameAt(line, from, '[ASSURED]')) assured = true;
      else if (flag === 9 && sameAt(line, from, '[OFFLOAD]')) offload = 'OFFLOAD';
      else if (flag === 12 && sameAt(line, from, '[HW_OFFLOAD]')) offload = 'HW_OFFLOAD';
      continue;
    }
    const key = keyAt(line, from, eq);
    if (key === Key.Other) continue; // secctx=, delta-time=, labels=, helper=: nothing portclash reads
    if (key === Key.Src || key === Key.Dst) {
      if (key === Key.Src) {
        dir = dir === undefined ? orig : reply;
        if (dir === reply && reply.src >= 0) dir = undefined; // a third tuple: no tool prints one
      }
      const ip = ipv4At(line, eq + 1, to);
      if (ip < 0)
        return report(
          'bad-address',
          at,
          `${line.slice(from, eq)} "${line.slice(eq + 1, to)}" is not an IPv4 address`,
        );
      if (dir && key === Key.Src) dir.src = ip;
      else if (dir) dir.dst = ip;
      continue;
    }
    const n = decimalAt(line, eq + 1, to);
    const max =
      key === Key.Sport || key === Key.Dport
        ? 65535
        : key === Key.Packets || key === Key.Bytes
          ? 2 ** 53
          : U32;
    if (n < 0 || n > max)
      return report(
        'bad-number',
        at,
        `${line.slice(from, eq)} "${line.slice(eq + 1, to)}" is not a number in range`,
      );
    switch (key) {
      case Key.Sport:
        if (dir) dir.sport = n;
        break;
      case Key.Dport:
        if (dir) dir.dport = n;
        break;
      case Key.Packets:
        if (dir) dir.packets = n;
        break;
      case Key.Bytes:
        if (dir) dir.bytes = n;
        break;
      case Key.Mark:
        mark = n;
        break;
      case Key.Zone:
        zone = n;
        break;
      case Key.Use:
        use = n;
        break;
      case Key.ZoneOrig:
        orig.zone = n;
        break;
      case Key.ZoneReply:
        reply.zone = n;
        break;
    }
  }
  const o = toTuple(orig);
  const r = toTuple(reply);
  if (o === undefined || r === undefined)
    return report('missing-field', count, `${o ? 'reply' : 'original'} tuple lacks src, dst, sport or dport`);
  if (timeoutS < 0 && offload === undefined) return report('missing-field', stateAt, 'no timeout');
  const entry: Mutable<ConntrackListEntry> = {
    proto,
    timeoutS: Math.max(timeoutS, 0),
    orig: o,
    reply: r,
    seenReply: !unreplied,
    assured,
  };
  if (proto === 'tcp' && state !== undefined) {
    if (STATES.has(state)) entry.tcpState = state as TcpCtState;
    else
      issues.push({
        code: 'unknown-state',
        line: lineNumber,
        column: s(stateAt) + 1,
        message: `TCP state "${state}"`,
      });
  }
  if (l3 === 'ipv4') entry.l3 = l3;
  if (offload) entry.offload = offload;
  if (orig.packets >= 0 && orig.bytes >= 0) entry.origCounters = { packets: orig.packets, bytes: orig.bytes };
  if (reply.packets >= 0 && reply.bytes >= 0)
    entry.replyCounters = { packets: reply.packets, bytes: reply.bytes };
  if (orig.zone >= 0) entry.origZone = orig.zone;
  if (reply.zone >= 0) entry.replyZone = reply.zone;
  if (mark >= 0) entry.mark = mark;
  if (zone >= 0) entry.zone = zone;
  if (use >= 0) entry.use = use;
  return { type: 'entry', entry };
}

enum Key {
  Other,
  Src,
  Dst,
  Sport,
  Dport,
  Packets,
  Bytes,
  Mark,
  Zone,
  Use,
  ZoneOrig,
  ZoneReply,
}

/** The key of `key=value` at [from, eq): length and first letter pick the candidate, one compare confirms it. */
function keyAt(line: string, from: number, eq: number): Key {
  const c = line.charCodeAt(from);
  const is = (name: string, key: Key) => (sameAt(line, from, name) ? key : Key.Other);
  switch (eq - from) {
    case 3:
      return c === 115
        ? is('src', Key.Src)
        : c === 100
          ? is('dst', Key.Dst)
          : c === 117
            ? is('use', Key.Use)
            : Key.Other;
    case 4:
      return c === 109 ? is('mark', Key.Mark) : c === 122 ? is('zone', Key.Zone) : Key.Other;
    case 5:
      return c === 115
        ? is('sport', Key.Sport)
        : c === 100
          ? is('dport', Key.Dport)
          : c === 98
            ? is('bytes', Key.Bytes)
            : Key.Other;
    case 7:
      return is('packets', Key.Packets);
    case 9:
      return is('zone-orig', Key.ZoneOrig);
    case 10:
      return is('zone-reply', Key.ZoneReply);
    default:
      return Key.Other;
  }
}

/** `line.startsWith(name, from)`, which V8 runs far slower on sliced strings than this loop. */
function sameAt(line: string, from: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) if (line.charCodeAt(from + i) !== name.charCodeAt(i)) return false;
  return true;
}

function toTuple(d: Direction): ConntrackListTuple | undefined {
  if (d.src < 0 || d.dst < 0 || d.sport < 0 || d.dport < 0) return undefined;
  return { src: d.src as Ipv4, dst: d.dst as Ipv4, sport: d.sport, dport: d.dport };
}

function hasEquals(line: string, from: number, to: number): boolean {
  const eq = line.indexOf('=', from);
  return eq >= 0 && eq < to;
}

/** A lowercase protocol or l3 name (`tcp`, `ipv4`, `unknown`, `udplite`). */
function isNameAt(line: string, from: number, to: number): boolean {
  const c = line.charCodeAt(from);
  return to > from && c >= 97 && c <= 122 && !hasEquals(line, from, to);
}

/** A non-negative decimal integer (digits only, at most 16), or -1. */
function decimalAt(line: string, from: number, to: number): number {
  if (to <= from || to - from > 16) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Dotted-quad IPv4 without leading zeros (as parseIpv4), or -1. */
function ipv4At(line: string, from: number, to: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return -1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? value * 256 + octet : -1;
}
