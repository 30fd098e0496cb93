import { pickUdpPort } from '../clients/connect-port.js';
import { CT_NAT_CLASH, PROTO_UDP } from '../netfilter/ct-status.js';
import { VERDICT_CLASH_INSERT, VERDICT_DROP } from '../netfilter/nf-conntrack-confirm.js';
import { NS_PER_S } from '../time/sim-time.js';
import { countLookupHit, PRE_DROPPED, sendPacket } from './datapath.js';
import { EV_DNS_ANSWER, EV_DNS_TIMER, type HostModel, PKT_DNS_A, PKT_DNS_AAAA } from './host-model.js';
import { startConnection } from './tcp-client.js';

const Q_A = 1;
const Q_AAAA = 2;
const Q_BOTH = 3;

/**
 * getaddrinfo() for one name: A and AAAA through the container's resolver (kernel-nat.md §6.2).
 * glibc: both queries back to back on one UDP socket (sendmmsg), 5 s per try, fallback to single-request and
 * then to single-request-reopen when only one answer came; `single-request*` send sequentially; `use-vc`
 * asks over TCP. musl: always parallel, resends unanswered queries every timeout/attempts, gives up at timeout.
 */
export function startLookup(m: HostModel, container: number, cpu: number, now: number): void {
  const resolver = m.scenario.containers[container]!.resolver!;
  const lk = m.lookupCount++;
  m.metrics.dnsLookups++;
  m.lkContainer[lk] = container;
  m.lkStart[lk] = now;
  m.lkAnswered[lk] = 0;
  m.lkAttempt[lk] = 0;
  m.lkFallback[lk] = 0;
  m.lkCpu[lk] = cpu;
  m.lkDone[lk] = false;
  m.lkPort[lk] = -1;
  if (resolver.libc === 'glibc' && resolver.mode === 'use-vc') {
    startConnection(m, container, resolver.nameserver, 0, -1, cpu, lk, now);
    setTimer(m, lk, now + resolver.timeoutS * resolver.attempts * NS_PER_S);
    return;
  }
  if (!openSocket(m, lk)) return;
  const sequential = resolver.libc === 'glibc' && resolver.mode !== 'parallel';
  sendQueries(m, lk, sequential ? Q_A : Q_BOTH, now);
  setTimer(m, lk, now + tryTimeout(m, lk));
}

function tryTimeout(m: HostModel, lk: number): number {
  const r = m.scenario.containers[m.lkContainer[lk]!]!.resolver!;
  return r.libc === 'musl' ? (r.timeoutS * NS_PER_S) / r.attempts : r.timeoutS * NS_PER_S;
}

function openSocket(m: HostModel, lk: number): boolean {
  const c = m.scenario.containers[m.lkContainer[lk]!]!;
  const sockets = m.sockets[m.lkContainer[lk]!]!;
  const old = m.lkPort[lk]!;
  if (old >= 0) sockets.udpOpen.delete(old);
  const port = pickUdpPort(sockets, c.portRange[0], c.portRange[1], m.ns.rng);
  if (port < 0) {
    finish(m, lk, m.lkStart[lk]!, false);
    return false;
  }
  sockets.udpOpen.add(port);
  m.lkPort[lk] = port;
  return true;
}

function sendQueries(m: HostModel, lk: number, which: number, now: number): void {
  const resolver = m.scenario.containers[m.lkContainer[lk]!]!.resolver!;
  const send = (kind: number, t: number): void => {
    m.metrics.dnsQueriesSent++;
    sendPacket(
      m,
      kind,
      lk,
      PROTO_UDP,
      m.lkContainer[lk]!,
      m.lkPort[lk]!,
      resolver.nameserver,
      m.lkCpu[lk]!,
      t,
      now,
    );
  };
  if (which & Q_A) send(PKT_DNS_A, now);
  if (which & Q_AAAA) send(PKT_DNS_AAAA, which & Q_A ? now + m.scenario.timing.dnsGapNs : now);
}

function setTimer(m: HostModel, lk: number, at: number): void {
  m.lkTimerAt[lk] = at;
  m.queue.push(at, EV_DNS_TIMER, lk);
}

function answerAt(m: HostModel, pkt: number, at: number): void {
  countLookupHit(m); // the reply will find the entry
  m.queue.push(at, EV_DNS_ANSWER, m.pktOwner[pkt]! * 4 + (m.pktKind[pkt] === PKT_DNS_A ? Q_A : Q_AAAA));
}

/** The query met the conntrack of an earlier query of the same socket in PREROUTING, or the table was full. */
export function onQueryPre(m: HostModel, pkt: number, outcome: number, now: number): void {
  if (outcome === PRE_DROPPED) {
    lost(m, pkt);
    return;
  }
  const sc = m.scenario;
  const t = m.ns.table;
  const ct = m.pktCt[pkt]!;
  const reply =
    now + sc.timing.natOffsetNs + sc.timing.natToConfirmNs + sc.destinations[m.pktDest[pkt]!]!.rttNs;
  if (!(t.status(ct) & CT_NAT_CLASH)) refreshUdp(m, ct, reply);
  answerAt(m, pkt, reply);
}

/**
 * nf_conntrack_udp_packet(): each packet pushes the timeout out. Older kernels made a replied flow ASSURED
 * with the stream timeout (180 s); newer ones keep 30 s for a lone query and answer.
 */
function refreshUdp(m: HostModel, ct: number, reply: number): void {
  const sc = m.scenario;
  const t = m.ns.table;
  const timeoutS =
    sc.kernel.udpStreamTimeoutS >= 180
      ? sc.sysctl.nf_conntrack_udp_timeout_stream
      : sc.sysctl.nf_conntrack_udp_timeout;
  const refreshed = reply + timeoutS * NS_PER_S;
  const current = t.tExpire(ct);
  if (current === Number.POSITIVE_INFINITY || current < refreshed) {
    t.setTExpire(ct, refreshed);
    t.schedule(ct);
  }
}

export function onQueryConfirm(m: HostModel, pkt: number, verdict: number, now: number): void {
  if (verdict === VERDICT_DROP) {
    lost(m, pkt);
    return;
  }
  const sc = m.scenario;
  const t = m.ns.table;
  const ct = m.pktCt[pkt]!;
  const reply = now + sc.destinations[m.pktDest[pkt]!]!.rttNs;
  if (t.tReply(ct) === Number.POSITIVE_INFINITY) t.setTReply(ct, reply);
  if (verdict !== VERDICT_CLASH_INSERT) refreshUdp(m, ct, reply);
  answerAt(m, pkt, reply);
}

function lost(m: HostModel, pkt: number): void {
  m.metrics.dnsQueriesLost++;
  m.metrics.perDestination[m.pktDest[pkt]!]!.queriesLost++;
}

export function onAnswer(m: HostModel, arg: number, now: number): void {
  const lk = arg >> 2;
  const q = arg & 3;
  if (m.lkDone[lk]) return;
  if (q === Q_BOTH) {
    finish(m, lk, now, true); // use-vc: the TCP exchange answered both
    return;
  }
  m.lkAnswered[lk] = m.lkAnswered[lk]! | q;
  const resolver = m.scenario.containers[m.lkContainer[lk]!]!.resolver!;
  if (m.lkAnswered[lk] === Q_BOTH) {
    finish(m, lk, now, true);
    return;
  }
  const sequential = resolver.libc === 'glibc' && (resolver.mode !== 'parallel' || m.lkFallback[lk]! > 0);
  if (sequential && q === Q_A) {
    if (resolver.mode === 'single-request-reopen' || m.lkFallback[lk] === 2) openSocket(m, lk);
    if (m.lkDone[lk]) return;
    m.lkAttempt[lk] = 0;
    sendQueries(m, lk, Q_AAAA, now);
    setTimer(m, lk, now + tryTimeout(m, lk));
  }
}

export function onDnsTimer(m: HostModel, lk: number, now: number): void {
  if (m.lkDone[lk] || m.lkTimerAt[lk] !== now) return;
  const resolver = m.scenario.containers[m.lkContainer[lk]!]!.resolver!;
  const answered = m.lkAnswered[lk]!;
  const missing = Q_BOTH & ~answered;
  if (resolver.libc === 'glibc' && resolver.mode === 'use-vc') {
    finish(m, lk, now, false);
    return;
  }
  if (resolver.libc === 'musl') {
    if (now - m.lkStart[lk]! >= resolver.timeoutS * NS_PER_S) {
      finish(m, lk, now, answered !== 0);
      return;
    }
    sendQueries(m, lk, missing, now);
    setTimer(m, lk, Math.min(now + tryTimeout(m, lk), m.lkStart[lk]! + resolver.timeoutS * NS_PER_S));
    return;
  }
  // glibc send_dg(): one answer of a parallel pair → RES_SNGLKUP, then RES_SNGLKUPREOP, each a new try.
  if (resolver.mode === 'parallel' && answered !== 0 && m.lkFallback[lk]! < 2) {
    m.lkFallback[lk] = m.lkFallback[lk]! + 1;
    if (m.lkFallback[lk] === 2) openSocket(m, lk);
    if (m.lkDone[lk]) return;
    sendQueries(m, lk, missing, now);
    setTimer(m, lk, now + tryTimeout(m, lk));
    return;
  }
  m.lkAttempt[lk] = m.lkAttempt[lk]! + 1;
  if (m.lkAttempt[lk]! >= resolver.attempts) {
    finish(m, lk, now, answered !== 0);
    return;
  }
  const sequential = resolver.mode !== 'parallel' || m.lkFallback[lk]! > 0;
  sendQueries(m, lk, sequential ? (answered & Q_A ? Q_AAAA : Q_A) : missing, now);
  setTimer(m, lk, now + tryTimeout(m, lk));
}

function finish(m: HostModel, lk: number, now: number, ok: boolean): void {
  m.lkDone[lk] = true;
  const port = m.lkPort[lk]!;
  if (port >= 0) m.sockets[m.lkContainer[lk]!]!.udpOpen.delete(port);
  const mt = m.metrics;
  if (!ok) {
    mt.dnsFailed++;
    return;
  }
  const latency = now - m.lkStart[lk]!;
  mt.dnsCompleted++;
  mt.dns.record(latency);
  if (latency >= 5 * NS_PER_S) mt.dnsDelayed5s++;
}
