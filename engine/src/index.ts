/**
 * The engine's public API. The kernel and the CLI import from here only.
 */
export * from './runtime/values/types';
export type { StreamRecord, Batch } from './runtime/record';
