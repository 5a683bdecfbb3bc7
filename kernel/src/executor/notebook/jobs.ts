/**
 * Background jobs (kernel spec §3.6): queries that outlived their cell's preview, by name, with
 * their owner cell. Stopping a job cancels its query; its display gets a last update.
 */
import type { QueryRun, StopReason } from '../query-run';

export interface Job {
  name: string;
  run: QueryRun;
  /** JupyterLab's cellId of the cell that started it. */
  cellId: string | undefined;
  executionCount: number;
  statement: string;
  startedAt: number;
}

/** Finished jobs kept for `%jobs --all` (the registry must stay bounded). */
const FINISHED_KEPT = 50;

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly changed: () => void) {}

  /** Adds a running job; a running job of the same name is stopped and returned. */
  add(job: Job): Job | undefined {
    const replaced = this.get(job.name);
    if (replaced?.run.status === 'running') replaced.run.stop('replaced');
    this.jobs.delete(job.name);
    this.jobs.set(job.name, job);
    void job.run.finished.then(() => this.changed());
    this.prune();
    this.changed();
    return replaced?.run.status === 'running' ? replaced : undefined;
  }

  get(name: string): Job | undefined {
    return this.jobs.get(name);
  }

  running(): Job[] {
    return this.all().filter((job) => job.run.status === 'running');
  }

  all(): Job[] {
    return [...this.jobs.values()];
  }

  /** Stops the named job; false when it does not exist or has ended. */
  async stop(name: string): Promise<boolean> {
    const job = this.jobs.get(name);
    if (!job || job.run.status !== 'running') return false;
    job.run.stop('stop');
    await job.run.finished;
    return true;
  }

  /** Stops every running job (or those of the given cells) and waits for their final updates. */
  async stopAll(reason: StopReason, cellIds?: readonly string[]): Promise<Job[]> {
    const stopping = this.running().filter((job) => !cellIds || (job.cellId !== undefined && cellIds.includes(job.cellId)));
    stopping.forEach((job) => job.run.stop(reason));
    await Promise.all(stopping.map((job) => job.run.finished));
    return stopping;
  }

  private prune(): void {
    const finished = this.all().filter((job) => job.run.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) this.jobs.delete(job.name);
  }
}
