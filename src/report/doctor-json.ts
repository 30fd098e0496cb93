import { formatCidr } from '../core/net/cidr.js';
import { formatIpv4 } from '../core/net/ipv4.js';
import { sumCpus } from '../diagnose/build-conntrack-series.js';
import { describeChange } from '../diagnose/describe-change.js';
import { type Diagnosis, doctorExitCode } from '../diagnose/diagnose.js';
import type { Facts } from '../diagnose/facts.js';
import type { Finding } from '../diagnose/finding.js';
import { listSnatRules } from '../diagnose/list-snat-rules.js';
import { OWNERS } from '../diagnose/owner.js';

export const DOCTOR_JSON_SCHEMA = 'portclash.doctor/v1';

/** The `portclash doctor --json` document (docs/doctor.md): stable field names, nothing from the wall clock. */
export function doctorJson(diagnosis: Diagnosis) {
  const facts = diagnosis.facts;
  return {
    schema: DOCTOR_JSON_SCHEMA,
    verdict: diagnosis.verdict,
    exitCode: doctorExitCode(diagnosis),
    findings: diagnosis.findings.map(findingJson),
    facts: factsJson(facts),
    inputs: facts.inputs,
    issues: facts.issues,
    notices: facts.notices,
    missing: facts.missing,
  };
}

function findingJson(f: Finding) {
  return {
    id: f.ruleId,
    severity: f.severity,
    messageId: f.messageId,
    title: f.title,
    explanation: f.explanation,
    basis: f.basis,
    owner: f.owner
      ? { id: f.owner, label: OWNERS[f.owner].label, rewritesItsRules: OWNERS[f.owner].rewrites }
      : null,
    evidence: f.evidence,
    fix: f.changes.map((c) => ({ ...c, summary: describeChange(c) })),
    data: f.data,
  };
}

const COUNTERS = ['insert_failed', 'drop', 'early_drop', 'clash_resolve', 'chaintoolong'] as const;

function factsJson(facts: Facts) {
  const snat = listSnatRules(facts.nat);
  return {
    kernel: facts.kernel
      ? {
          release: facts.kernel.release,
          natOffset: facts.kernel.profile.natOffset,
          udpClash: facts.kernel.profile.udpClash,
          statsEra: facts.kernel.profile.statsEra,
          randomFully: facts.kernel.profile.randomFully,
          assumption: facts.kernel.assumption ?? null,
        }
      : null,
    nat: facts.nat.map((r) => ({
      file: r.file,
      backend: r.backend,
      backendEvidence: r.backendEvidence,
      table: r.chains.table,
      chains: r.chains.chains.length,
      rules: r.chains.chains.reduce((n, c) => n + c.rules.length, 0),
      snatRules: snat
        .filter((s) => s.ruleset === r)
        .map((s) => ({
          chain: s.location.chain,
          line: s.location.line,
          rule: s.location.rule,
          owner: s.owner,
          randomFully: s.flags ? s.flags.randomFully : null,
        })),
    })),
    conntrack: facts.conntrack.map((s) => {
      const last = sumCpus(s.samples.at(-1)?.cpus ?? []);
      return {
        netns: s.netns,
        source: s.source,
        eras: s.eras,
        samples: s.samples.length,
        cpus: s.samples.at(-1)?.cpus.length ?? 0,
        totals: Object.fromEntries(COUNTERS.map((c) => [c, last[c]])),
        growth: s.growth
          ? {
              seconds: s.growth.seconds ?? null,
              increase: Object.fromEntries(COUNTERS.map((c) => [c, s.growth!.total[c]])),
            }
          : null,
      };
    }),
    conntrackTables: facts.conntrackTables.map(({ file, digest }) => ({
      file,
      entries: digest.totals.entries,
      others: digest.totals.others,
      skipped: digest.totals.skipped,
      issues: digest.totals.issues,
      snatEntries: digest.portUse.snatEntries,
      portsMoved: digest.portUse.portsMoved,
      timeWait: digest.portUse.timeWait,
      destinations: digest.portUse.destinations,
      top: digest.portUse.top.slice(0, 10).map((d) => ({
        natAddress: formatIpv4(d.natAddress),
        proto: d.proto,
        destination: `${formatIpv4(d.dst)}:${d.dport}`,
        ports: d.ports,
        lowPorts: d.lowPorts,
        entries: d.entries,
      })),
    })),
    sysctls: Object.fromEntries(Object.entries(facts.sysctls).map(([k, v]) => [k, v.value])),
    vpcCidrs: facts.vpcCidrs.map((v) => ({ cidr: formatCidr(v.cidr), from: v.from })),
    resolv: facts.resolv
      ? {
          file: facts.resolv.file,
          nameservers: facts.resolv.conf.nameservers.map((n) => n.address),
          options: facts.resolv.conf.options,
        }
      : null,
    cni: facts.cni.map((c) => ({
      file: c.file,
      name: c.config.name ?? null,
      plugins: c.config.plugins.map((p) => p.type),
    })),
    interfaces: facts.interfaces.map((i) => ({
      name: i.iface.name,
      addresses: i.iface.addresses.map((a) => `${a.local}/${a.prefixlen}`),
    })),
  };
}
