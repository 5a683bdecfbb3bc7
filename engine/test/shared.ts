/** The shared folder for tests (see `scripts/shared-dir.cjs` for how it is found). */
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sharedDir } = require('../../scripts/shared-dir.cjs') as { sharedDir(): string };

export const SHARED: string = sharedDir();
export const CONFORMANCE = path.join(SHARED, 'conformance');
