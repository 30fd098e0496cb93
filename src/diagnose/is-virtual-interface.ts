/** Interfaces that are bridges, tunnels or container ends, not the host's own uplink. */
const VIRTUAL =
  /^(?:lo|docker|br-|cni|cbr|flannel|vxlan|veth|cali|tunl|eni|kube-|virbr|weave|vethwe|cilium|lxc|nodelocaldns|genev|antrea|tailscale|wg|podman|vlan|dummy|nerdctl)/;

/** Whether an interface name (or iptables wildcard `vlan+`) is a bridge, tunnel or container end. */
export function isVirtualInterface(name: string): boolean {
  return VIRTUAL.test(name);
}
