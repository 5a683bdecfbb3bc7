/** Unit tests of the extension's pure parts (figure, table order, formatting, report model, tokens, schema browser, inline provider) in jsdom. */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/jest.setup.js'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', esModuleInterop: true, isolatedModules: true } }] },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};
