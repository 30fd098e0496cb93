import { toIpv4 } from '../net/ipv4.js';
import type { ConntrackListEntry } from '../netfilter/conntrack-list-entry.js';
import { CT_CONFIRMED, CT_NAT_CLASH, PROTO_TCP } from '../netfilter/ct-status.js';
import type { HostModel } from './host-model.js';

/** The confirmed, unexpired entries at `now` as `conntrack -L` lists them (NAT_CLASH entries are hidden). */
export function listFinalEntries(m: HostModel, now: number): ConntrackListEntry[] {
  const t = m.ns.table;
  const out: ConntrackListEntry[] = [];
  for (const id of t.ids()) {
    const st = t.status(id);
    if (!(st & CT_CONFIRMED) || st & CT_NAT_CLASH || t.tExpire(id) <= now) continue;
    const tcp = t.proto(id) === PROTO_TCP;
    const seenReply = t.tReply(id) <= now;
    const entry: ConntrackListEntry = {
      proto: tcp ? 'tcp' : 'udp',
      timeoutS: Math.floor((t.tExpire(id) - now) / 1e9),
      orig: {
        src: toIpv4(t.oSrc(id)),
        dst: toIpv4(t.oDst(id)),
        sport: t.oPorts(id) >>> 16,
        dport: t.oPorts(id) & 0xffff,
      },
      reply: {
        src: toIpv4(t.rSrc(id)),
        dst: toIpv4(t.rDst(id)),
        sport: t.rPorts(id) >>> 16,
        dport: t.rPorts(id) & 0xffff,
      },
      seenReply,
      assured: tcp && seenReply,
    };
    out.push(
      tcp
        ? {
            ...entry,
            tcpState: !seenReply ? 'SYN_SENT' : t.tTimeWait(id) <= now ? 'TIME_WAIT' : 'ESTABLISHED',
          }
        : entry,
    );
  }
  return out;
}
