/** Keep in step with package.json (test/cli-version.test.ts checks it). */
export const VERSION = '0.1.0';
