/** What a finding relied on: a place in a captured file and what it says there. */
export interface Evidence {
  /** The file as the user knows it (`host.tar.gz:iptables-save.txt`, `paste.txt`). */
  readonly file: string;
  /** 1-based line, when the fact has one. */
  readonly line?: number;
  /** The rule, counter line or value, rendered the way the tool prints it. */
  readonly text: string;
  /** Where in the file's structure: `table nat chain POSTROUTING`, `cpu=3`, `net.netfilter.nf_conntrack_max`. */
  readonly where?: string;
}
