/**
 * Two kinds of tests, each with its own time limit: unit tests (in-process, the local service at
 * most) and end-to-end tests (the real cdktf and Terraform CLIs). Each e2e file has its own
 * folder, port and engine, so files run in parallel workers; the local Domo service's own tests
 * run with the product's: one npm test covers both.
 * @type {import('jest').Config}
 */
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
};
module.exports = {
  // Jest's default is one worker less than the cores: one worker on a 2-core CI machine. The e2e
  // files spend much of their time waiting on Terraform and cdktf child processes.
  maxWorkers: '100%',
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/__tests__', '<rootDir>/packages/domo-scim-emulator/__tests__'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['\\.e2e\\.test\\.ts$'],
      // Jest takes testTimeout from the top level only: each project sets its own here.
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/timeout-unit.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/__tests__/e2e'],
      testMatch: ['**/*.e2e.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/timeout-e2e.ts'],
    },
  ],
};
