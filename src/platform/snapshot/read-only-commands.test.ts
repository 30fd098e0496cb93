import { describe, expect, it } from 'vitest';
import { isReadOnlyCommand } from './read-only-commands.js';

describe('isReadOnlyCommand', () => {
  it.each([
    [['uname', '-r']],
    [['cat', '/proc/net/stat/nf_conntrack']],
    [['cat', '/etc/resolv.conf']],
    [['cat', '/etc/cni/net.d/10-flannel.conflist']],
    [['conntrack', '-S']],
    [['conntrack', '-L']],
    [['iptables-save']],
    [['iptables-legacy-save']],
    [['iptables-nft-save']],
    [['nft', '-j', 'list', 'ruleset']],
    [['sysctl', 'net.netfilter.nf_conntrack_max', 'net.ipv4.ip_local_port_range']],
    [['ip', '-j', 'addr']],
    [['ip', '-j', 'netns', 'list']],
    [['ip', 'netns', 'exec', 'blue', 'conntrack', '-S']],
    [['ip', 'netns', 'exec', 'cni-1234-ab', 'cat', '/proc/net/stat/nf_conntrack']],
  ])('allows %j', (argv) => {
    expect(isReadOnlyCommand(argv)).toBe(true);
  });

  it.each([
    [['iptables', '-t', 'nat', '-F']],
    [['iptables-restore']],
    [['iptables-save', '-f', '/etc/shadow']],
    [['nft', 'flush', 'ruleset']],
    [['nft', '-j', 'list', 'ruleset', ';', 'reboot']],
    [['conntrack', '-F']],
    [['conntrack', '-D', '-p', 'udp']],
    [['sysctl', '-w', 'net.netfilter.nf_conntrack_max=1']],
    [['sysctl', 'net.netfilter.nf_conntrack_max=1']],
    [['sysctl', 'kernel.panic']],
    [['sysctl']],
    [['cat', '/etc/shadow']],
    [['cat', '/etc/cni/net.d/../../shadow']],
    [['cat', '/etc/cni/net.d/']],
    [['cat', '/proc/net/stat/nf_conntrack', '/etc/shadow']],
    [['ip', 'link', 'set', 'eth0', 'down']],
    [['ip', 'netns', 'add', 'x']],
    [['ip', 'netns', 'exec', 'blue', 'iptables', '-F']],
    [['ip', 'netns', 'exec', 'blue', 'ip', 'netns', 'exec', 'red', 'conntrack', '-S']],
    [['ip', 'netns', 'exec', '../x', 'conntrack', '-S']],
    [['sh', '-c', 'iptables-save']],
    [[]],
  ])('refuses %j', (argv) => {
    expect(isReadOnlyCommand(argv)).toBe(false);
  });
});
