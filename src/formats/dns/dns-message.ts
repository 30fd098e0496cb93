/**
 * Just enough of the DNS wire format (RFC 1035 §4.1) for the lab's resolver and responder: a query with one
 * question, and an answer with one A or AAAA record. Pure: bytes in, bytes out; never throws on bad input.
 */

export const DNS_TYPE_A = 1;
export const DNS_TYPE_AAAA = 28;
const CLASS_IN = 1;

export interface DnsQuestion {
  readonly id: number;
  /** Labels joined with dots, without the root's trailing dot. */
  readonly name: string;
  readonly qtype: number;
  readonly qclass: number;
  /** Offset of the first byte after the question. */
  readonly end: number;
}

/** A standard query (RD set) for `name`, as glibc's res_mkquery builds it. */
export function buildDnsQuery(id: number, name: string, qtype: number): Uint8Array {
  const labels = name.split('.').filter((l) => l !== '');
  const size = 12 + labels.reduce((a, l) => a + 1 + l.length, 0) + 1 + 4;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint16(0, id & 0xffff);
  view.setUint16(2, 0x0100); // RD
  view.setUint16(4, 1); // QDCOUNT
  let at = 12;
  for (const label of labels) {
    out[at++] = label.length & 0x3f;
    for (let i = 0; i < label.length; i++) out[at++] = label.charCodeAt(i) & 0x7f;
  }
  out[at++] = 0;
  view.setUint16(at, qtype);
  view.setUint16(at + 2, CLASS_IN);
  return out;
}

/** The header id and the first question of a message, or undefined when it is not a one-question query. */
export function parseDnsQuestion(msg: Uint8Array): DnsQuestion | undefined {
  if (msg.length < 12 + 1 + 4) return undefined;
  const view = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  if (view.getUint16(4) !== 1) return undefined;
  const labels: string[] = [];
  let at = 12;
  for (;;) {
    const len = msg[at];
    if (len === undefined || len > 63) return undefined; // no compression in a question we accept
    at++;
    if (len === 0) break;
    if (at + len > msg.length) return undefined;
    labels.push(String.fromCharCode(...msg.subarray(at, at + len)));
    at += len;
  }
  if (at + 4 > msg.length) return undefined;
  return {
    id: view.getUint16(0),
    name: labels.join('.'),
    qtype: view.getUint16(at),
    qclass: view.getUint16(at + 2),
    end: at + 4,
  };
}

/**
 * The answer to a query: header with QR, RD, RA, the question copied, and one record (a pointer to the question's
 * name, TTL 30) holding `address` (4 bytes for A, 16 for AAAA); no answer record for other types.
 */
export function buildDnsAnswer(
  query: Uint8Array,
  q: DnsQuestion,
  address: Uint8Array | undefined,
): Uint8Array {
  const rdlen = address?.length ?? 0;
  const out = new Uint8Array(q.end + (address ? 12 + rdlen : 0));
  out.set(query.subarray(0, q.end));
  const view = new DataView(out.buffer);
  view.setUint16(2, 0x8180); // QR, RD, RA, NOERROR
  view.setUint16(6, address ? 1 : 0); // ANCOUNT
  view.setUint16(8, 0);
  view.setUint16(10, 0);
  if (address) {
    let at = q.end;
    view.setUint16(at, 0xc00c); // name: pointer to offset 12
    view.setUint16(at + 2, q.qtype);
    view.setUint16(at + 4, CLASS_IN);
    view.setUint32(at + 6, 30);
    view.setUint16(at + 10, rdlen);
    at += 12;
    out.set(address, at);
  }
  return out;
}

/** The id and answer count of a response, or undefined when it is not one. */
export function parseDnsResponseHeader(msg: Uint8Array): { id: number; answers: number } | undefined {
  if (msg.length < 12) return undefined;
  const view = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  if ((view.getUint16(2) & 0x8000) === 0) return undefined;
  return { id: view.getUint16(0), answers: view.getUint16(6) };
}
