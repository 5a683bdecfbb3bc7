/** The kernel package version, read from package.json (same relative path from src/ and dist/). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const KERNEL_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;
