import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint/layers.mjs';

/**
 * The layers of docs/architecture.md, bottom first; a layer imports only the lines above it in
 * this list (and its own line). Enforced by `layers/one-way` (scripts/eslint/layers.mjs).
 */
const ENGINE_LAYERS = [
  ['types', 'version.ts'],
  ['sql'],
  ['plan'],
  ['runtime'],
  ['connectors'],
  ['api'],
  ['harness', 'observe'],
  ['ai'],
  ['serve'],
  ['cli'],
  ['index.ts'],
];

const KERNEL_LAYERS = [
  ['errors.ts', 'log.ts', 'version.ts'],
  ['protocol'],
  ['session'],
  ['install', 'display'],
  ['executor', 'magics'],
  ['serve.ts', 'kernel.ts', 'main.ts', 'index.ts'],
];

/** The kernel's transport and session know no SQL: the Executor interface carries all of it. */
const NO_LANGUAGE = ['@velostream/engine', 'engine'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.venv/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['engine/src/**/*.ts'],
    plugins: { layers },
    rules: {
      'layers/one-way': ['error', { root: 'engine/src', layers: ENGINE_LAYERS, forbidden: Object.fromEntries(ENGINE_LAYERS.flat().map((l) => [l, ['@velostream/kernel', 'kernel']])) }],
    },
  },
  {
    files: ['kernel/src/**/*.ts'],
    plugins: { layers },
    rules: {
      'layers/one-way': [
        'error',
        {
          root: 'kernel/src',
          layers: KERNEL_LAYERS,
          // Everything reaches the engine through its public index only.
          forbidden: {
            ...Object.fromEntries(KERNEL_LAYERS.flat().map((l) => [l, ['@velostream/engine/dist', '@velostream/engine/src', 'engine']])),
            protocol: NO_LANGUAGE,
            session: NO_LANGUAGE,
          },
        },
      ],
    },
  },
);
