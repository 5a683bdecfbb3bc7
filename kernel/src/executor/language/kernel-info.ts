/** The Velostream part of kernel_info_reply (spec §1.7): static, answered at once, before any engine work. */
import type { LanguageInfo } from '../../session/executor';
import { KERNEL_VERSION } from '../../version';

/** Version of the Velostream SQL dialect the kernel speaks (dialect spec). */
export const DIALECT_VERSION = '1.0';
export const LANGUAGE_NAME = 'velostream';
export const HELP_URL = 'https://github.com/velostreamai/velostream';

export function kernelInfo(): LanguageInfo {
  return {
    implementation: 'velostream',
    implementation_version: KERNEL_VERSION,
    language_info: {
      name: LANGUAGE_NAME,
      version: DIALECT_VERSION,
      mimetype: 'text/x-sql',
      file_extension: '.sql',
      pygments_lexer: 'sql',
      codemirror_mode: 'sql',
      nbconvert_exporter: 'script',
    },
    banner: `Velostream SQL kernel ${KERNEL_VERSION} (Node ${process.version}). %help for help.`,
    help_links: [{ text: 'Velostream kernel help', url: HELP_URL }],
  };
}
