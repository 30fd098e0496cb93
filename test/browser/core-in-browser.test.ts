import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    } finally {
      await browser.close();
    }
  });
});
