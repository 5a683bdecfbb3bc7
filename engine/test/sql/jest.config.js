/**
 * Jest config for the SQL front end until the package config learns about chevrotain.
 *
 * chevrotain 11 is ESM-only; Node's own `require(esm)` handles it at run time, but Jest's module
 * loader does not. This maps `chevrotain` to its single-file bundle and lets ts-jest compile that
 * bundle to CommonJS. Run: `npx jest -c test/sql/jest.config.js src/sql`.
 */
const path = require('path');
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: path.join(__dirname, '..', '..'),
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: { '^chevrotain$': require.resolve('chevrotain').replace(/lib[\\/]src[\\/]api\.js$/, 'lib/chevrotain.mjs') },
  transformIgnorePatterns: ['/node_modules/(?!chevrotain/)'],
  transform: {
    ...base.transform,
    'chevrotain\\.mjs$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
};
