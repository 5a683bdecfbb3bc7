/**
 * A placeholder executor that exercises the protocol until the SQL executor (kernel/src/executor)
 * replaces it. It runs three kernel-level magics and refuses everything else with an honest error;
 * it never pretends to run SQL.
 */
import type {
  ExecuteOutcome,
  ExecutionContext,
  Executor,
  ExecutorFactory,
  UserExpressionResult,
} from './executor';
import { HELP_URL } from './kernel-info';

const NOT_WIRED = 'SQL execution is not wired yet';

const MAGICS: Record<string, string> = {
  '%echo': '%echo [--stderr] TEXT: print TEXT on stdout (stderr)',
  '%help': '%help: help on the kernel',
  '%lsmagic': '%lsmagic: list the magics',
};

export const createBuiltinExecutor: ExecutorFactory = () => new BuiltinExecutor();

export class BuiltinExecutor implements Executor {
  async execute(code: string, ctx: ExecutionContext): Promise<ExecuteOutcome> {
    const [, name, rest = ''] = /^\s*(%[A-Za-z_]+)[ \t]*([\s\S]*?)\s*$/.exec(code) ?? [];
    switch (name) {
      case '%echo': {
        const stderr = /^--stderr(\s+|$)/.exec(rest);
        await ctx.output.stream(
          stderr ? 'stderr' : 'stdout',
          (stderr ? rest.slice(stderr[0].length) : rest) + '\n',
        );
        return { status: 'ok' };
      }
      case '%lsmagic':
        await ctx.output.executeResult({ 'text/plain': Object.values(MAGICS).join('\n') });
        return { status: 'ok' };
      case '%help':
        return { status: 'ok', payload: [{ source: 'page', data: helpPage(), start: 0 }] };
      default:
        return {
          status: 'error',
          ename: 'ExecutionError',
          evalue: NOT_WIRED,
          traceback: [`\x1b[31;1mExecutionError\x1b[0m: ${NOT_WIRED}`],
        };
    }
  }

  async complete(_code: string, cursor: number) {
    return { matches: [], cursorStart: cursor, cursorEnd: cursor };
  }

  async inspect() {
    return { found: false, data: {} };
  }

  async evaluateUserExpressions(
    expressions: Record<string, string>,
  ): Promise<Record<string, UserExpressionResult>> {
    const failed: UserExpressionResult = {
      status: 'error',
      ename: 'ExecutionError',
      evalue: NOT_WIRED,
      traceback: [],
    };
    return Object.fromEntries(Object.keys(expressions).map((name) => [name, failed]));
  }

  interrupt(): void {}

  async shutdown(): Promise<void> {}
}

function helpPage(): Record<string, string> {
  const lines = Object.values(MAGICS);
  return {
    'text/plain': ['Velostream SQL kernel', '', ...lines, '', `Documentation: ${HELP_URL}`].join(
      '\n',
    ),
    'text/markdown': [
      '# Velostream SQL kernel',
      '',
      ...lines.map((l) => `- \`${l}\``),
      '',
      `[Documentation](${HELP_URL})`,
    ].join('\n'),
  };
}
