import { LatencyHistogram } from './latency-histogram.js';

/** What a run measures, accumulated as it goes (no per-connection storage). */
export class Metrics {
  tcpAttempted = 0;
  tcpCompleted = 0;
  tcpFailed = 0;
  /** connect() found no free local port (EADDRNOTAVAIL). */
  tcpNoLocalPort = 0;
  synsSent = 0;
  /** SYNs dropped at confirm (the SNAT clash). */
  synsLost = 0;
  /** SYNs dropped because the table was full and nothing could be evicted. */
  synsLostTableFull = 0;
  connectsDelayed1s = 0;
  readonly connect = new LatencyHistogram();

  dnsLookups = 0;
  dnsCompleted = 0;
  dnsFailed = 0;
  dnsQueriesSent = 0;
  dnsQueriesLost = 0;
  dnsDelayed5s = 0;
  readonly dns = new LatencyHistogram();

  /** NAT decisions that kept the container's source port (steps 1 and 3), and those that searched (step 4). */
  natKeptPort = 0;
  natSearched = 0;
  natPortMin = Number.POSITIVE_INFINITY;
  natPortMax = 0;

  events = 0;
  maxEntries = 0;

  readonly perDestination: { attempted: number; synsLost: number; delayed1s: number; queriesLost: number }[];

  constructor(destinations: number) {
    this.perDestination = Array.from({ length: destinations }, () => ({
      attempted: 0,
      synsLost: 0,
      delayed1s: 0,
      queriesLost: 0,
    }));
  }
}
