/**
 * Execution history (spec §5.4): every stored execute as `(session, line, input, output)`, kept as
 * JSON lines so consoles and JupyterLab can recall cells across kernel restarts.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../log';

export interface HistoryEntry {
  session: number;
  line: number;
  input: string;
  output: string | null;
}

export type HistoryQuery =
  | { kind: 'tail'; n: number }
  | { kind: 'range'; session: number; start: number; stop: number | null }
  | { kind: 'search'; pattern: string; n: number | null; unique: boolean };

/** Entries kept in memory and on disk. */
export const HISTORY_LIMIT = 10_000;

export class History {
  private entries: HistoryEntry[];
  /** This kernel process's session number: one above the highest stored. */
  readonly session: number;

  private constructor(
    entries: HistoryEntry[],
    private readonly file: string | undefined,
    private readonly log: Logger,
  ) {
    this.entries = entries.slice(-HISTORY_LIMIT);
    this.session = 1 + this.entries.reduce((max, e) => Math.max(max, e.session), 0);
  }

  /** In-memory only (VELOSTREAM_HISTORY=off, tests). */
  static inMemory(log: Logger, entries: HistoryEntry[] = []): History {
    return new History(entries, undefined, log);
  }

  /** Loads the JSON-lines file, tolerating a missing file and skipping unreadable lines. */
  static open(file: string, log: Logger): History {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        log.warn(`cannot read history ${file}: ${(error as Error).message}`);
    }
    const entries = text.split('\n').flatMap((line) => {
      try {
        return line.trim()
          ? [parseEntry(JSON.parse(line))].filter((e): e is HistoryEntry => e !== undefined)
          : [];
      } catch {
        return [];
      }
    });
    const history = new History(entries, file, log);
    if (entries.length > HISTORY_LIMIT) history.rewrite();
    return history;
  }

  record(line: number, input: string, output: string | null): void {
    const entry: HistoryEntry = { session: this.session, line, input, output };
    this.entries.push(entry);
    if (this.entries.length > HISTORY_LIMIT * 1.1) {
      this.entries = this.entries.slice(-HISTORY_LIMIT);
      this.rewrite();
    } else {
      this.persist(() => appendFileSync(this.file!, JSON.stringify(entry) + '\n'));
    }
  }

  query(query: HistoryQuery): HistoryEntry[] {
    switch (query.kind) {
      case 'tail':
        return query.n > 0 ? this.entries.slice(-query.n) : [];
      case 'range': {
        const session = query.session > 0 ? query.session : this.session + query.session;
        return this.entries.filter(
          (e) =>
            e.session === session &&
            e.line >= query.start &&
            (query.stop === null || e.line < query.stop),
        );
      }
      case 'search': {
        const matches = globToRegExp(query.pattern);
        let found = this.entries.filter((e) => matches.test(e.input));
        if (query.unique) {
          const newest = new Map(found.map((e, i) => [e.input, i]));
          found = found.filter((e, i) => newest.get(e.input) === i);
        }
        return query.n === null ? found : found.slice(-query.n);
      }
    }
  }

  private rewrite(): void {
    this.persist(() =>
      writeFileSync(this.file!, this.entries.map((e) => JSON.stringify(e) + '\n').join('')),
    );
  }

  /** History is a convenience: a disk problem is logged and never fails a cell. */
  private persist(write: () => void): void {
    if (!this.file) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      write();
    } catch (error) {
      this.log.warn(`cannot write history ${this.file}: ${(error as Error).message}`);
    }
  }
}

/** Glob with `*` and `?`, case-sensitive, matching the whole input. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) =>
    c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : '\\' + c,
  );
  return new RegExp(`^${body}$`);
}

function parseEntry(value: unknown): HistoryEntry | undefined {
  const e = value as Partial<HistoryEntry> | null;
  if (
    !e ||
    typeof e.session !== 'number' ||
    typeof e.line !== 'number' ||
    typeof e.input !== 'string'
  )
    return undefined;
  return {
    session: e.session,
    line: e.line,
    input: e.input,
    output: typeof e.output === 'string' ? e.output : null,
  };
}
