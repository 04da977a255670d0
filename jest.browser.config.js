/**
 * The local-mode browser test (`npm run test:browser`): Chromium from Debian
 * (`apt-get install -y chromium`) driven by playwright-core against `npm start`.
 * Kept out of `npm test` so that a machine without Chromium still passes it.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/browser'],
  testMatch: ['**/*.browser.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // The first start initialises an embedded Postgres; each step waits for the bot's real replies.
  testTimeout: 120000,
  maxWorkers: 1,
};
