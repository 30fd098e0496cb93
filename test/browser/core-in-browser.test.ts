import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ipv4 } from '../../src/core/net/ipv4.js';
import type { Scenario } from '../../src/core/scenario/scenario.js';
import { defaultScenario } from '../../src/core/sim/default-scenario.js';
import { simulate } from '../../src/core/sim/simulate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const CHROMIUM = '/usr/bin/chromium';
const reason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`
  : !existsSync(join(dist, 'core', 'index.js'))
    ? 'dist/ is not built (npm test builds it first)'
    : undefined;
if (reason) process.stdout.write(`test/browser/core-in-browser.test.ts skipped: ${reason}\n`);

/** Serves dist/ read-only on loopback: the core's ES modules as a browser fetches them. */
function serveDist(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>portclash core</title>');
      return;
    }
    const file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(reason !== undefined)('the emulator core in a browser (headless Chromium)', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads from plain ES modules and gives byte-identical results to Node', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const { port } = server.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/`);
      // A string, so that the test runner does not rewrite the dynamic import.
      const inBrowser: string = await page.evaluate(`(async () => {
        const core = await import('/core/index.js');
        return JSON.stringify(core.simulate(core.defaultScenario('4.4.0-142-generic', 'masquerade'), 7));
      })()`);
      const inNode = JSON.stringify(simulate(defaultScenario('4.4.0-142-generic', 'masquerade'), 7));
      expect(errors).toEqual([]);
      expect(JSON.parse(inBrowser).tcp.synsLost).toBeGreaterThan(0);
      expect(inBrowser).toBe(inNode);

      // A table past 1 MiB grows in place in a shared WebAssembly.Memory (or copies where the page may not have
      // one): the browser must give the Node result either way. 60 000 live entries: 1.9 MB of entry records.
      const big = growingScenario();
      const grown: string = await page.evaluate(`(async () => {
        const core = await import('/core/index.js');
        const { GrowableBuffer } = await import('/core/netfilter/growable-buffer.js');
        const buffer = new GrowableBuffer().grow(${2 << 20});
        const result = core.simulate(JSON.parse(${JSON.stringify(JSON.stringify(big))}), 3);
        return JSON.stringify({ kind: Object.prototype.toString.call(buffer), result });
      })()`);
      const { kind, result } = JSON.parse(grown) as { kind: string; result: unknown };
      expect(errors).toEqual([]);
      // Headless Chromium allows a shared memory without cross-origin isolation: the in-place path is the one tested.
      expect(kind).toBe('[object SharedArrayBuffer]');
      const expected = simulate(big, 3);
      expect(expected.conntrack.entries).toBeGreaterThan(50_000);
      expect(JSON.stringify(result)).toBe(JSON.stringify(expected));
    } finally {
      await browser.close();
    }
  });
});

/**
 * The default scenario's host with 100 pods dialling 40 destinations at 10 000 connections per second for 6 s:
 * every entry is still in TIME_WAIT at the end, so the conntrack arrays pass 1 MiB. Plain JSON (no Infinity).
 */
function growingScenario(): Scenario {
  const base = defaultScenario('6.8.0-51-generic', 'masquerade');
  const pod = base.containers[0]!;
  const dest = base.destinations.find((d) => d.proto === 'tcp')!;
  const containers = Array.from({ length: 100 }, (_, i) => ({
    ...pod,
    name: `pod-${i}`,
    ip: (pod.ip + i) as Ipv4,
  }));
  const destinations = Array.from({ length: 40 }, (_, i) => ({
    ...dest,
    name: `ext-${i}`,
    ip: (dest.ip + i) as Ipv4,
  }));
  return {
    ...base,
    containers,
    destinations,
    workloads: destinations.map((_, d) => ({
      type: 'poisson' as const,
      containers: containers.map((_, i) => i),
      destination: d,
      startNs: 0,
      holdNs: 5_000_000,
      ratePerS: 2.5,
      durationNs: 6_000_000_000,
    })),
    maxSimTimeNs: 7_000_000_000,
  };
}
