/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // The local Domo service's own tests run with the product's: one npm test covers both.
  roots: ['<rootDir>/__tests__', '<rootDir>/packages/domo-scim-emulator/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 600000,
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
};
