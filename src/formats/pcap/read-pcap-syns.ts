import type { Ipv4 } from '../../core/net/ipv4.js';

/** A TCP SYN (without ACK) seen in a capture: a connection's first SYN or one of its retransmissions. */
export interface PcapSyn {
  /** Capture time: whole seconds since the epoch and the nanoseconds within that second. */
  readonly sec: number;
  readonly nsec: number;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly sport: number;
  readonly dport: number;
  /** The initial sequence number: a retransmitted SYN repeats it. */
  readonly seq: number;
}

export type PcapIssueCode =
  /** Not a pcap file (magic number), or a link type other than Ethernet, raw IP or Linux cooked. */
  | 'not-pcap'
  | 'unsupported-link'
  /** The file ends inside a header or a record (a capture that was cut). */
  | 'truncated';

export interface PcapIssue {
  readonly code: PcapIssueCode;
  /** Byte offset in the file. */
  readonly offset: number;
  readonly message: string;
}

export interface PcapSyns {
  readonly value: readonly PcapSyn[];
  /** Records read, of any kind. */
  readonly records: number;
  readonly issues: readonly PcapIssue[];
}

const LINK_ETHERNET = 1;
const LINK_RAW = 101;
const LINK_LINUX_SLL = 113;
const LINK_LINUX_SLL2 = 276;

/**
 * Reads the IPv4 TCP SYNs of a classic pcap file (tcpdump -w; microsecond or nanosecond timestamps, either byte
 * order; Ethernet with or without one VLAN tag, raw IP, Linux cooked v1/v2). Everything else is skipped. A cut
 * file gives the records before the cut and an issue; never throws.
 */
export function readPcapSyns(bytes: Uint8Array): PcapSyns {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const issues: PcapIssue[] = [];
  const fail = (code: PcapIssueCode, offset: number, message: string): PcapSyns => {
    issues.push({ code, offset, message });
    return { value: [], records: 0, issues };
  };
  if (bytes.length < 24) return fail('truncated', 0, 'shorter than the 24-byte pcap header');
  const magic = view.getUint32(0, true);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const bigMagic = view.getUint32(0, false);
  if (!little && bigMagic !== 0xa1b2c3d4 && bigMagic !== 0xa1b23c4d)
    return fail('not-pcap', 0, 'not a pcap file (bad magic number; pcapng is not read)');
  const nano = (little ? magic : bigMagic) === 0xa1b23c4d;
  const link = view.getUint32(20, little) & 0xffff;
  if (link !== LINK_ETHERNET && link !== LINK_RAW && link !== LINK_LINUX_SLL && link !== LINK_LINUX_SLL2)
    return fail('unsupported-link', 20, `link type ${link} (Ethernet, raw IP or Linux cooked are read)`);

  const syns: PcapSyn[] = [];
  let records = 0;
  let at = 24;
  while (at < bytes.length) {
    if (at + 16 > bytes.length) {
      issues.push({ code: 'truncated', offset: at, message: 'the file ends inside a record header' });
      break;
    }
    const sec = view.getUint32(at, little);
    const frac = view.getUint32(at + 4, little);
    const caplen = view.getUint32(at + 8, little);
    const data = at + 16;
    if (data + caplen > bytes.length) {
      issues.push({ code: 'truncated', offset: at, message: `the file ends inside a ${caplen}-byte record` });
      break;
    }
    records++;
    const ip = ipStart(view, data, caplen, link);
    if (ip >= 0) {
      const syn = tcpSyn(view, ip, data + caplen);
      if (syn) syns.push({ sec, nsec: nano ? frac : frac * 1000, ...syn });
    }
    at = data + caplen;
  }
  return { value: syns, records, issues };
}

/** Where the IPv4 header starts in a captured frame, or -1 when the frame is not IPv4. */
function ipStart(view: DataView, at: number, caplen: number, link: number): number {
  if (link === LINK_RAW) return caplen >= 20 && view.getUint8(at) >> 4 === 4 ? at : -1;
  let typeAt: number;
  let payload: number;
  if (link === LINK_ETHERNET) {
    typeAt = at + 12;
    payload = at + 14;
    if (caplen >= 18 && view.getUint16(typeAt) === 0x8100) {
      typeAt += 4;
      payload += 4;
    }
  } else if (link === LINK_LINUX_SLL) {
    typeAt = at + 14;
    payload = at + 16;
  } else {
    typeAt = at;
    payload = at + 20;
  }
  if (payload - at > caplen) return -1;
  return view.getUint16(typeAt) === 0x0800 ? payload : -1;
}

function tcpSyn(view: DataView, ip: number, end: number): Omit<PcapSyn, 'sec' | 'nsec'> | undefined {
  if (ip + 20 > end) return undefined;
  const ihl = (view.getUint8(ip) & 0x0f) * 4;
  const fragment = view.getUint16(ip + 6) & 0x1fff;
  if (view.getUint8(ip + 9) !== 6 || ihl < 20 || fragment !== 0) return undefined;
  const tcp = ip + ihl;
  if (tcp + 14 > end) return undefined;
  const flags = view.getUint8(tcp + 13);
  if ((flags & 0x02) === 0 || (flags & 0x10) !== 0) return undefined;
  return {
    src: view.getUint32(ip + 12) as Ipv4,
    dst: view.getUint32(ip + 16) as Ipv4,
    sport: view.getUint16(tcp),
    dport: view.getUint16(tcp + 2),
    seq: view.getUint32(tcp + 4),
  };
}
