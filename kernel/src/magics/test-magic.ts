import { notAvailable } from './not-available';

/** `%%test` runs on the engine's test harness (harness spec §11), which is not wired into the kernel yet. */
export const testMagic = notAvailable(
  'test',
  ['cell'],
  '%%test [--records N] [--seed N] [--now T] [--timeout-ms N] [--spec FILE] [--query NAME] [--ai|--no-ai]',
  'run the body on seeded synthetic data and check its -- @assert: lines',
  "the engine's test harness (runTests) is not wired into the kernel yet",
);
