import {
  DOCKER_SAVE,
  KERNEL_4_19_EARLY,
  KERNEL_5_15,
  KERNEL_ROVER,
} from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { kernelPortRover } from './kernel-port-rover.js';

runRuleTests(kernelPortRover, {
  valid: [
    { name: '5.15: PRNG offsets', captures: { 'uname-r.txt': KERNEL_5_15 } },
    { name: '4.19.249 (Debian 10): backported', captures: { 'uname-r.txt': '4.19.0-21-amd64\n' } },
    {
      name: 'Amazon Linux 2 4.14.355: backported',
      captures: { 'uname-r.txt': '4.14.355-275.582.amzn2.x86_64\n' },
    },
    { name: 'no kernel', captures: { 'iptables-save.txt': DOCKER_SAVE } },
  ],
  invalid: [
    {
      name: 'Ubuntu 16.04 4.4 alone: high (exposure unknown)',
      captures: { 'uname-r.txt': KERNEL_ROVER },
      findings: [{ messageId: 'rover', severity: 'high', at: 'uname-r.txt:1', changes: ['upgrade-kernel'] }],
    },
    {
      name: 'Debian 10 early 4.19.208 with rules: medium (the rule finding says which rule races)',
      captures: { 'uname-r.txt': KERNEL_4_19_EARLY, 'iptables-save.txt': DOCKER_SAVE },
      findings: [{ messageId: 'rover', severity: 'medium' }],
    },
  ],
});
