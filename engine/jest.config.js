/**
 * chevrotain 11 is ESM-only. Node's `require(esm)` loads it at run time, but Jest's module
 * loader does not, so tests map it to its single-file bundle and compile that to CommonJS.
 */
const path = require('path');

const chevrotainBundle = require.resolve('chevrotain').replace(/lib[\\/]src[\\/]api\.js$/, path.join('lib', 'chevrotain.mjs'));

module.exports = {
  testEnvironment: 'node',
  // A file's first test also pays for loading the engine: 5 s is too little on a busy machine.
  testTimeout: 30_000,
  roots: ['<rootDir>/src', '<rootDir>/test'],
  // Only `*.test.ts`: the `velo test` command lives in `commands/test.ts`.
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: { '^chevrotain$': chevrotainBundle },
  transformIgnorePatterns: ['/node_modules/(?!chevrotain/)'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
    'chevrotain\\.mjs$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
};
