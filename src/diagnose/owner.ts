/** Who wrote a NAT rule, recognised from chain names, comments and address ranges (landscape.md §4). */
export type Owner =
  | 'docker'
  | 'kube-proxy'
  | 'flannel'
  | 'calico'
  | 'aws-vpc-cni'
  | 'ip-masq-agent'
  | 'cni-bridge'
  | 'cni-portmap'
  | 'netavark'
  | 'weave'
  | 'cilium'
  | 'antrea'
  | 'unknown';

export interface OwnerInfo {
  readonly owner: Owner;
  /** How the owner is called in reports. */
  readonly label: string;
  /** The owner rewrites its rules (on restart, resync or per container): a hand edit does not last. */
  readonly rewrites: boolean;
  /** The owner's own setting that turns on --random-fully, when it has one. */
  readonly randomFullySetting?: string;
  /** The owner's own setting that stops SNAT for internal destinations, when it has one. */
  readonly excludeSetting?: string;
}

/** Per owner: whether it rewrites its rules and which of its settings is the lasting fix (landscape.md §2b). */
export const OWNERS: Readonly<Record<Owner, OwnerInfo>> = {
  docker: {
    owner: 'docker',
    label: 'Docker',
    rewrites: true,
    // moby has no option for it (docker/for-linux#1552): re-add the flag after each daemon start.
  },
  'kube-proxy': {
    owner: 'kube-proxy',
    label: 'kube-proxy (KUBE-POSTROUTING)',
    rewrites: true,
    randomFullySetting:
      'kube-proxy adds --random-fully itself when its iptables supports it (≥ 1.6.2): upgrade the kube-proxy image',
  },
  flannel: {
    owner: 'flannel',
    label: 'flannel',
    rewrites: true,
    randomFullySetting:
      'flannel adds --random-fully itself when its iptables supports it: upgrade flannel (and its image’s iptables)',
    excludeSetting:
      'flannel masquerades everything outside the pod network: run ip-masq-agent with nonMasqueradeCIDRs',
  },
  calico: {
    owner: 'calico',
    label: 'Calico',
    rewrites: true,
    randomFullySetting:
      'FelixConfiguration: leave MASQFullyRandom at its default (true) and upgrade calico-node',
    excludeSetting:
      'an IPPool for the internal CIDR with disabled: true (Calico does not masquerade to its pools)',
  },
  'aws-vpc-cni': {
    owner: 'aws-vpc-cni',
    label: 'AWS VPC CNI',
    rewrites: true,
    randomFullySetting: 'AWS_VPC_K8S_CNI_RANDOMIZESNAT=prng on the aws-node DaemonSet',
    excludeSetting: 'AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS on the aws-node DaemonSet',
  },
  'ip-masq-agent': {
    owner: 'ip-masq-agent',
    label: 'ip-masq-agent',
    rewrites: true,
    randomFullySetting: 'ip-masq-agent --random-fully=true (the default from v2.10.0): upgrade ip-masq-agent',
    excludeSetting: 'nonMasqueradeCIDRs in the ip-masq-agent ConfigMap',
  },
  'cni-bridge': {
    owner: 'cni-bridge',
    label: 'CNI bridge plugin (ipMasq)',
    rewrites: true,
    // containernetworking/plugins#163: ipMasq never sets --random-fully.
    randomFullySetting:
      '"ipMasq": false in the CNI config, and one MASQUERADE --random-fully rule for the subnet of your own',
  },
  'cni-portmap': {
    owner: 'cni-portmap',
    label: 'CNI portmap plugin (CNI-HOSTPORT-MASQ)',
    rewrites: true,
  },
  netavark: { owner: 'netavark', label: 'podman netavark', rewrites: true },
  weave: { owner: 'weave', label: 'Weave Net', rewrites: true },
  cilium: {
    owner: 'cilium',
    label: 'Cilium',
    rewrites: true,
    randomFullySetting: 'iptables-random-fully: "true" in the cilium-config ConfigMap',
    excludeSetting: 'ipv4-native-routing-cidr in the cilium-config ConfigMap',
  },
  antrea: {
    owner: 'antrea',
    label: 'Antrea',
    rewrites: true,
    randomFullySetting: 'snatFullyRandomPorts: true in the antrea-agent configuration',
  },
  unknown: { owner: 'unknown', label: 'unknown (no known chain name or comment)', rewrites: false },
};
