import { DOCKER_SAVE, IP_MASQ_AGENT_SAVE } from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { mixedIptablesBackends } from './mixed-iptables-backends.js';

const WARNING = `${IP_MASQ_AGENT_SAVE}# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n`;

runRuleTests(mixedIptablesBackends, {
  valid: [
    { name: 'legacy only', captures: { 'iptables-save.txt': DOCKER_SAVE } },
    { name: 'nft only', captures: { 'iptables-save.txt': IP_MASQ_AGENT_SAVE } },
  ],
  invalid: [
    {
      name: 'rules in both',
      captures: { 'legacy.txt': DOCKER_SAVE, 'nft.txt': IP_MASQ_AGENT_SAVE },
      findings: [{ messageId: 'both', severity: 'medium', at: 'legacy.txt:7', changes: ['use-one-backend'] }],
    },
    {
      name: 'iptables-nft warns about legacy tables nobody captured',
      captures: { 'nft.txt': WARNING },
      findings: [{ messageId: 'legacyUnseen', severity: 'low', at: 'nft.txt:12', changes: ['collect'] }],
    },
  ],
});
