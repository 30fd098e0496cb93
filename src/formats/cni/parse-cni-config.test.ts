import { describe, expect, it } from 'vitest';
import { fixtureCases } from '../../../test/fixtures/fixture-files.js';
import { parseCniConfig } from './parse-cni-config.js';

const plugins = (name: string) => {
  const { value, issues } = parseCniConfig(
    fixtureCases('cni-config').find((f) => f.name === name)?.text ?? '',
  );
  expect(issues).toEqual([]);
  return value.plugins.map(({ line: _l, column: _c, delegate: _d, ...p }) => p);
};

describe('parseCniConfig', () => {
  it.each([
    ['10-flannel.conflist', [{ type: 'flannel' }, { type: 'portmap' }]],
    [
      '87-podman-bridge.conflist',
      [{ type: 'bridge', ipMasq: true }, { type: 'portmap' }, { type: 'firewall' }, { type: 'tuning' }],
    ],
    [
      '10-aws.conflist',
      [{ type: 'aws-cni' }, { type: 'egress-cni', randomizeSNAT: 'prng' }, { type: 'portmap', snat: true }],
    ],
    ['10-calico.conflist', [{ type: 'calico' }, { type: 'portmap', snat: true }, { type: 'bandwidth' }]],
    ['10-bridge.conf', [{ type: 'bridge', ipMasq: true }]],
  ])('reads %s', (name, expected) => {
    expect(plugins(name)).toEqual(expected);
  });

  it('tells a list from a single configuration', () => {
    expect(parseCniConfig('{"cniVersion": "1.0.0", "name": "n", "type": "bridge"}').value).toMatchObject({
      cniVersion: '1.0.0',
      name: 'n',
      list: false,
    });
  });

  it.each([
    ['{"name": "x"}', [['not-cni-config', 1, 1]]],
    ['{"plugins": [{"name": "x"}]}', [['missing-type', 1, 14]]],
    ['{"plugins": [{"type": "bridge"', [['truncated-json', 1, 31]]],
  ])('reports %j', (text, expected) => {
    expect(parseCniConfig(text).issues.map((i) => [i.code, i.line, i.column])).toEqual(expected);
  });
});
