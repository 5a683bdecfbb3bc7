/**
 * The jobs of the job runner this machine's kernels deploy to (`velo serve`, deploy spec §1),
 * as the catalog comm lists them: refreshed from the runner's API on demand, cached between.
 */
import { defaultStateDir, readRunnerInfo, RunnerCallError, RunnerClient } from '@velostream/engine';
import type { JsonObject } from '../../protocol/messages';

export class DeployedJobs {
  private jobs: JsonObject[] = [];

  list(): JsonObject[] {
    return this.jobs;
  }

  /** Asks the runner (when one serves the state directory); true when the list changed. */
  async refresh(): Promise<boolean> {
    const stateDir = defaultStateDir();
    let next: JsonObject[] = [];
    if (readRunnerInfo(stateDir)) {
      try {
        const { jobs } = await RunnerClient.connect({ stateDir }).jobs();
        next = jobs.map((j) => {
          const p = j.progress as { recordsIn: number; recordsOut: number; elapsedMs: number };
          return {
            name: String(j.name),
            app: String(j.app),
            version: Number(j.version),
            status: String(j.status),
            started_at: String(j.startedAt),
            records_in: p.recordsIn,
            records_out: p.recordsOut,
            rate: Math.round(p.recordsIn / Math.max(p.elapsedMs / 1000, 0.001)),
          };
        });
      } catch (e) {
        if (!(e instanceof RunnerCallError)) throw e;
      }
    }
    const changed = JSON.stringify(next) !== JSON.stringify(this.jobs);
    this.jobs = next;
    return changed;
  }
}
