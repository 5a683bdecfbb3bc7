import { readFileSync } from 'fs';
import * as path from 'path';

/** The engine package's version (its package.json sits beside `src/` and `dist/`). */
export const ENGINE_VERSION: string = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;
