/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    '^.+\\.mjs$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // lowdb and its writer steno ship ES modules only; compile them for jest's CommonJS runtime.
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno)/)'],
  testTimeout: 20000,
  // BENEFITS_TEST_BACKEND=postgres (npm run test:postgres): one throwaway PostgreSQL server for the run.
  ...(process.env.BENEFITS_TEST_BACKEND === 'postgres'
    ? {
        globalSetup: '<rootDir>/test/support/global-setup.ts',
        globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      }
    : {}),
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
