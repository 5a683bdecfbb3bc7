import { parseArgs, UsageError } from './command';

const spec = { values: ['output', 'seed'], multiple: ['skip'], booleans: ['yes', 'verbose'], aliases: { '-o': '--output', '-y': '--yes', '-v': '--verbose' } };

describe('command-line arguments', () => {
  test('values, inline values, aliases, grouped short flags, repeats and -- end of options', () => {
    const r = parseArgs(['app.sql', '-o', 'json', '--seed=7', '-yv', '--skip', 'a', '--skip=b', '--', '--not-a-flag'], spec);
    expect(Object.fromEntries(r.flags)).toEqual({ output: 'json', seed: '7', yes: true, verbose: true });
    expect(r.lists.get('skip')).toEqual(['a', 'b']);
    expect(r.positionals).toEqual(['app.sql', '--not-a-flag']);
  });

  test('mistakes are usage errors naming the flag', () => {
    const error = (argv: string[]) => {
      try {
        parseArgs(argv, spec);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error(['--colour'])).toBe('unknown option --colour');
    expect(error(['-x'])).toBe('unknown option -x');
    expect(error(['--seed'])).toBe('--seed needs a value');
    expect(error(['-o'])).toBe('--output needs a value');
    expect(error(['--yes=no'])).toBe('--yes takes no value');
  });
});
