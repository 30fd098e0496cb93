import { pickConnectPort } from '../clients/connect-port.js';
import { PROTO_TCP } from '../netfilter/ct-status.js';
import { NS_PER_S } from '../time/sim-time.js';
import { countLookupHit, PRE_DROPPED, sendPacket } from './datapath.js';
import { EV_DNS_ANSWER, EV_SYN_TIMER, type HostModel, PKT_SYN } from './host-model.js';

/** Linux TCP_TIMEWAIT_LEN: the active closer's socket keeps its 4-tuple for 60 s. */
const TCP_TIMEWAIT_LEN_NS = 60 * NS_PER_S;
const DELAY_THRESHOLD_NS = NS_PER_S;

/** connect(): choose the local port (unless the application bound one) and send the first SYN. */
export function startConnection(
  m: HostModel,
  container: number,
  dest: number,
  holdNs: number,
  fixedPort: number,
  cpu: number,
  lookup: number,
  now: number,
): void {
  const sc = m.scenario;
  const c = sc.containers[container]!;
  const d = sc.destinations[dest]!;
  m.metrics.tcpAttempted++;
  m.metrics.perDestination[dest]!.attempted++;
  let port = fixedPort;
  if (port < 0) {
    port = pickConnectPort(
      sc.kernel.connectPortAlgo,
      m.connectGlobals,
      m.sockets[container]!,
      c.portRange[0],
      c.portRange[1],
      c.ip,
      d.ip,
      d.port,
      dest,
      now,
      Number.POSITIVE_INFINITY,
      m.ns.rng,
    );
    if (port < 0) {
      m.metrics.tcpNoLocalPort++;
      m.metrics.tcpFailed++;
      return;
    }
  }
  const conn = m.conns.alloc();
  m.connContainer[conn] = container;
  m.connDest[conn] = dest;
  m.connSport[conn] = port;
  m.connFirstSyn[conn] = now;
  m.connAttempt[conn] = 0;
  m.connHold[conn] = holdNs;
  m.connCpu[conn] = cpu;
  m.connFixedPort[conn] = fixedPort >= 0;
  m.connLookup[conn] = lookup;
  sendSyn(m, conn, now);
}

function sendSyn(m: HostModel, conn: number, now: number): void {
  m.metrics.synsSent++;
  sendPacket(
    m,
    PKT_SYN,
    conn,
    PROTO_TCP,
    m.connContainer[conn]!,
    m.connSport[conn]!,
    m.connDest[conn]!,
    m.connCpu[conn]!,
    now,
    now,
  );
}

/** The SYN met an existing conntrack in PREROUTING (a retransmit), or the table was full. */
export function onSynPre(m: HostModel, pkt: number, outcome: number, now: number): void {
  const conn = m.pktOwner[pkt]!;
  if (outcome === PRE_DROPPED) {
    m.metrics.synsLostTableFull++;
    scheduleRetransmit(m, conn);
    return;
  }
  const t = m.ns.table;
  const ct = m.pktCt[pkt]!;
  if (m.scenario.destinations[m.connDest[conn]!]!.silent) {
    t.setTExpire(ct, now + m.scenario.sysctl.nf_conntrack_tcp_timeout_syn_sent * NS_PER_S);
    t.schedule(ct);
    scheduleRetransmit(m, conn);
  } else {
    established(m, conn, ct, now);
  }
}

/** The SYN's conntrack was confirmed (ACCEPT) or the SNAT clash dropped it (DROP). */
export function onSynConfirm(m: HostModel, pkt: number, accepted: boolean, now: number): void {
  const conn = m.pktOwner[pkt]!;
  const dest = m.connDest[conn]!;
  if (!accepted) {
    m.metrics.synsLost++;
    m.metrics.perDestination[dest]!.synsLost++;
    scheduleRetransmit(m, conn);
    return;
  }
  onSynPre(m, pkt, 1, now);
}

/** The SYN-ACK comes back one RTT later: connect() returns; the conntrack timeline is fixed from here. */
function established(m: HostModel, conn: number, ct: number, now: number): void {
  const sc = m.scenario;
  const t = m.ns.table;
  const dest = m.connDest[conn]!;
  const rtt = sc.destinations[dest]!.rttNs;
  const hold = m.connHold[conn]!;
  const reply = now + rtt;
  if (t.tReply(ct) === Number.POSITIVE_INFINITY) {
    t.setTReply(ct, reply);
    // The client closes after `hold`; FIN/ACK take one RTT; then TIME_WAIT keeps the tuple busy.
    t.setTTimeWait(ct, reply + hold + rtt);
    t.setTExpire(ct, t.tTimeWait(ct) + sc.sysctl.nf_conntrack_tcp_timeout_time_wait * NS_PER_S);
    t.schedule(ct);
  }
  countLookupHit(m); // the SYN-ACK finds the entry
  const latency = reply - m.connFirstSyn[conn]!;
  const mt = m.metrics;
  mt.tcpCompleted++;
  mt.connect.record(latency);
  if (latency >= DELAY_THRESHOLD_NS) {
    mt.connectsDelayed1s++;
    mt.perDestination[dest]!.delayed1s++;
  }
  if (!m.connFixedPort[conn]) {
    m.sockets[m.connContainer[conn]!]!.hold(
      m.connSport[conn]!,
      dest,
      reply + hold + TCP_TIMEWAIT_LEN_NS,
      now,
    );
  }
  const lookup = m.connLookup[conn]!;
  if (lookup >= 0) m.queue.push(reply + rtt, EV_DNS_ANSWER, lookup * 4 + 3); // use-vc: the answer follows
  m.conns.release(conn);
}

function scheduleRetransmit(m: HostModel, conn: number): void {
  const k = m.connAttempt[conn]!;
  const schedule = m.syn.retransmitsNs;
  const at = m.connFirstSyn[conn]! + (k < schedule.length ? schedule[k]! : m.syn.giveUpNs);
  m.connAttempt[conn] = k + 1;
  m.queue.push(at, EV_SYN_TIMER, conn);
}

/** The retransmission timer: send the SYN again, or give up with ETIMEDOUT. */
export function onSynTimer(m: HostModel, conn: number, now: number): void {
  if (m.connAttempt[conn]! <= m.syn.retransmitsNs.length) {
    sendSyn(m, conn, now);
    return;
  }
  m.metrics.tcpFailed++;
  if (!m.connFixedPort[conn])
    m.sockets[m.connContainer[conn]!]!.hold(m.connSport[conn]!, m.connDest[conn]!, now, now);
  m.conns.release(conn);
}
