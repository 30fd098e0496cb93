import type { ConntrackListDirectionFields, ConntrackListFields } from './conntrack-list-fields.js';
import type { ConntrackListIssueCode } from './conntrack-list-issue.js';
import { decodeBytes, findTokenEnd, matchesAt } from './line-bytes.js';

/** A field that could not be read: the byte offset of its token. */
export interface FieldProblem {
  readonly code: ConntrackListIssueCode;
  readonly at: number;
  readonly message: string;
}

const SPACE = 32;
const TAB = 9;
const EQUALS = 61;
const U32 = 2 ** 32 - 1;

/**
 * Reads the tuples, counters and flags of a TCP/UDP line, bytes[from, to), into `f` in one pass over the bytes
 * (the hot loop of a 1 M-line dump): the first `src=` starts the ORIGINAL tuple, the second the REPLY one.
 */
export function readEntryFields(
  bytes: Uint8Array,
  from: number,
  to: number,
  f: ConntrackListFields,
): FieldProblem | undefined {
  // 1: the ORIGINAL tuple is being read, 2: the REPLY one, 0: neither (a third tuple, which no tool prints).
  let dir = 0;
  let pos = from;
  while (pos < to) {
    const c = bytes[pos];
    if (c === SPACE || c === TAB) {
      pos++;
      continue;
    }
    const start = pos;
    let eq = -1;
    for (; pos < to; pos++) {
      const d = bytes[pos];
      if (d === EQUALS) {
        eq = pos;
        break;
      }
      if (d === SPACE || d === TAB) break;
    }
    if (eq < 0) {
      readFlag(bytes, start, pos, f);
      continue;
    }
    const key = keyAt(bytes, start, eq);
    if (key === Key.Other) {
      // secctx=, delta-time=, labels=, helper=: nothing portclash reads
      pos = findTokenEnd(bytes, eq + 1, to);
      continue;
    }
    pos = eq + 1;
    if (key === Key.Src || key === Key.Dst) {
      if (key === Key.Src) {
        dir = dir === 0 ? 1 : 2;
        if (dir === 2 && f.reply.src >= 0) dir = 0;
      }
      // A dotted quad without leading zeros (as parseIpv4), read in place to the token's end.
      let ip = 0;
      let octet = 0;
      let digits = 0;
      let dots = 0;
      let ok = true;
      for (; pos < to; pos++) {
        const d = bytes[pos] ?? 0;
        if (d >= 48 && d <= 57) {
          if (digits > 0 && octet === 0) ok = false;
          octet = octet * 10 + (d - 48);
          digits++;
          if (octet > 255) ok = false;
        } else if (d === 46) {
          if (digits === 0 || dots === 3) ok = false;
          ip = ip * 256 + octet;
          octet = 0;
          digits = 0;
          dots++;
        } else if (d === SPACE || d === TAB) break;
        else ok = false;
      }
      if (!ok || dots !== 3 || digits === 0)
        return problem('bad-address', bytes, start, eq, pos, 'is not an IPv4 address');
      const where = dir === 1 ? f.orig : dir === 2 ? f.reply : undefined;
      if (where && key === Key.Src) where.src = ip * 256 + octet;
      else if (where) where.dst = ip * 256 + octet;
      continue;
    }
    // A decimal number (digits only, at most 16), read in place to the token's end.
    let n = 0;
    let digits = 0;
    let ok = true;
    for (; pos < to; pos++) {
      const d = (bytes[pos] ?? 0) - 48;
      if (d === SPACE - 48 || d === TAB - 48) break;
      if (d < 0 || d > 9) ok = false;
      n = n * 10 + d;
      digits++;
    }
    const max =
      key === Key.Sport || key === Key.Dport
        ? 65535
        : key === Key.Packets || key === Key.Bytes
          ? 2 ** 53
          : U32;
    if (!ok || digits === 0 || digits > 16 || n > max)
      return problem('bad-number', bytes, start, eq, pos, 'is not a number in range');
    setNumber(f, dir === 1 ? f.orig : dir === 2 ? f.reply : undefined, key, n);
  }
  return undefined;
}

function problem(
  code: ConntrackListIssueCode,
  bytes: Uint8Array,
  start: number,
  eq: number,
  end: number,
  what: string,
): FieldProblem {
  const message = `${decodeBytes(bytes, start, eq)} "${decodeBytes(bytes, eq + 1, end)}" ${what}`;
  return { code, at: start, message };
}

function readFlag(bytes: Uint8Array, from: number, to: number, f: ConntrackListFields): void {
  if (matchesAt(bytes, from, to, '[ASSURED]')) f.assured = true;
  else if (matchesAt(bytes, from, to, '[UNREPLIED]')) f.seenReply = false;
  else if (matchesAt(bytes, from, to, '[OFFLOAD]')) f.offload = 'OFFLOAD';
  else if (matchesAt(bytes, from, to, '[HW_OFFLOAD]')) f.offload = 'HW_OFFLOAD';
}

function setNumber(
  f: ConntrackListFields,
  d: ConntrackListDirectionFields | undefined,
  key: Key,
  n: number,
): void {
  switch (key) {
    case Key.Sport:
      if (d) d.sport = n;
      break;
    case Key.Dport:
      if (d) d.dport = n;
      break;
    case Key.Packets:
      if (d) d.packets = n;
      break;
    case Key.Bytes:
      if (d) d.bytes = n;
      break;
    case Key.Mark:
      f.mark = n;
      break;
    case Key.Zone:
      f.zone = n;
      break;
    case Key.Use:
      f.use = n;
      break;
    case Key.ZoneOrig:
      f.orig.zone = n;
      break;
    case Key.ZoneReply:
      f.reply.zone = n;
      break;
  }
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

/** The first four bytes of a key, little-endian: most keys are told apart by one compare. */
const pack = (name: string) =>
  name.charCodeAt(0) | (name.charCodeAt(1) << 8) | (name.charCodeAt(2) << 16) | (name.charCodeAt(3) << 24);
const SRC = pack('src\0');
const DST = pack('dst\0');
const USE = pack('use\0');
const MARK = pack('mark');
const ZONE = pack('zone');
const SPOR = pack('spor');
const DPOR = pack('dpor');
const BYTE = pack('byte');

/** The key of `key=value` at [from, eq). */
function keyAt(bytes: Uint8Array, from: number, eq: number): Key {
  const length = eq - from;
  if (length < 3) return Key.Other;
  const w3 = (bytes[from] ?? 0) | ((bytes[from + 1] ?? 0) << 8) | ((bytes[from + 2] ?? 0) << 16);
  if (length === 3) return w3 === SRC ? Key.Src : w3 === DST ? Key.Dst : w3 === USE ? Key.Use : Key.Other;
  const w4 = w3 | ((bytes[from + 3] ?? 0) << 24);
  switch (length) {
    case 4:
      return w4 === MARK ? Key.Mark : w4 === ZONE ? Key.Zone : Key.Other;
    case 5: {
      const last = bytes[from + 4];
      if (last === 116 /* t */) return w4 === SPOR ? Key.Sport : w4 === DPOR ? Key.Dport : Key.Other;
      return last === 115 /* s */ && w4 === BYTE ? Key.Bytes : Key.Other;
    }
    case 7:
      return matchesAt(bytes, from, eq, 'packets') ? Key.Packets : Key.Other;
    case 9:
      return matchesAt(bytes, from, eq, 'zone-orig') ? Key.ZoneOrig : Key.Other;
    case 10:
      return matchesAt(bytes, from, eq, 'zone-reply') ? Key.ZoneReply : Key.Other;
    default:
      return Key.Other;
  }
}
