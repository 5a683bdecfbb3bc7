/**
 * What `%%deploy` collects (kernel spec §4.6): every CSAS, CTAS, SELECT … INTO and START JOB
 * that ran successfully, in execution order, the last definition per name winning (it moves to
 * the end), annotations kept; and the `%%test` cells that passed.
 */
import type { PassedTest } from '@velostream/engine';

export class Pipeline {
  private readonly statements = new Map<string, string>();
  private readonly tests: PassedTest[] = [];

  /** A statement with an output that started without error; `text` keeps its annotations. */
  record(name: string, text: string): void {
    this.statements.delete(name.toLowerCase());
    this.statements.set(name.toLowerCase(), text.trim().replace(/;?\s*$/, ';'));
  }

  /** A statement that failed after starting is not part of the pipeline. */
  forget(name: string): void {
    this.statements.delete(name.toLowerCase());
  }

  testPassed(test: PassedTest): void {
    this.tests.push(test);
  }

  sql(): string {
    return [...this.statements.values()].join('\n\n') + '\n';
  }

  get size(): number {
    return this.statements.size;
  }

  passedTests(): readonly PassedTest[] {
    return this.tests;
  }
}
