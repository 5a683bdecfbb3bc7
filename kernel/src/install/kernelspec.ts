/**
 * Builds and writes a Velostream kernelspec directory (spec §2.1): kernel.json from the template in
 * the kernelspec/ package plus the logos beside it.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { KERNEL_VERSION } from '../version';

/** The kernelspec/ assets folder of this repository (see the kernel README for packaging). */
export const ASSETS_DIR = resolve(__dirname, '..', '..', '..', 'kernelspec');
export const LOGOS = ['logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg'] as const;
export const MARKER = 'velostream';

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'message';
  env: Record<string, string>;
  metadata: { [MARKER]: { kernel_version: string; installed_by: string } } & Record<
    string,
    unknown
  >;
  kernel_protocol_version: string;
}

export interface SpecOptions {
  displayName: string;
  env: Record<string, string>;
  /** Absolute node binary; never a bare command looked up on PATH. */
  node: string;
  /** Absolute path of the kernel entry script (dist/main.js). */
  script: string;
}

export function buildKernelSpec(options: SpecOptions, assetsDir = ASSETS_DIR): KernelSpec {
  const template = JSON.parse(
    readFileSync(join(assetsDir, 'kernel.json.template'), 'utf8'),
  ) as KernelSpec;
  const fill = (arg: string) =>
    arg.replace('{node}', options.node).replace('{main}', realpathSync(options.script));
  return {
    ...template,
    argv: template.argv.map(fill),
    display_name: options.displayName,
    env: { ...template.env, ...options.env },
    metadata: {
      ...template.metadata,
      [MARKER]: { kernel_version: KERNEL_VERSION, installed_by: 'velostream-kernel' },
    },
  };
}

/** Writes `<dataDir>/kernels/<name>/`; returns true when it replaced an existing spec. */
export function writeKernelSpec(
  dataDir: string,
  name: string,
  spec: KernelSpec,
  assetsDir = ASSETS_DIR,
): boolean {
  const dir = join(dataDir, 'kernels', name);
  const replaced = existsSync(dir);
  if (replaced) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  for (const logo of LOGOS) copyFileSync(join(assetsDir, logo), join(dir, logo));
  return replaced;
}

/** Reads a kernel.json; undefined when missing, unreadable or not installed by us. */
export function readOurSpec(specDir: string): KernelSpec | undefined {
  try {
    const spec = JSON.parse(
      readFileSync(join(specDir, 'kernel.json'), 'utf8'),
    ) as Partial<KernelSpec>;
    return spec.metadata && MARKER in spec.metadata && Array.isArray(spec.argv)
      ? (spec as KernelSpec)
      : undefined;
  } catch {
    return undefined;
  }
}
