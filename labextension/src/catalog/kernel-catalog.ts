/**
 * One notebook's `velostream.catalog` comm: opened when its kernel speaks Velostream, reopened
 * after a restart (comms do not survive one), and the job table of the latest catalog.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';
import type { IJobCatalog } from '../tokens';

export const CATALOG_TARGET = 'velostream.catalog';
export const KERNEL_LANGUAGE = 'velostream';

interface CatalogMessage {
  type: string;
  request_id?: string;
  message?: string;
  catalog?: { jobs?: { name: string; status: string }[] };
}

export class KernelCatalog implements IJobCatalog {
  readonly changed = new Signal<this, void>(this);
  private _jobs: Map<string, string> | null = null;
  private _received = 0;
  private comm: Kernel.IComm | null = null;
  private pending = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  private nextRequest = 0;

  constructor(private readonly session: ISessionContext) {
    session.kernelChanged.connect(() => void this.connect());
    session.statusChanged.connect((_, status) => {
      if (status === 'restarting' || status === 'autorestarting' || status === 'dead') this.drop();
      else if (status === 'idle' && !this.comm) void this.connect();
    });
    void this.connect();
  }

  get jobs(): ReadonlyMap<string, string> | null {
    return this._jobs;
  }

  get received(): number {
    return this._received;
  }

  async stopJob(name: string): Promise<void> {
    const kernel = this.session.session?.kernel;
    if (!kernel) throw new Error('no kernel');
    if (!this.comm || this.comm.isDisposed) {
      await kernel.requestExecute({ code: `%stop ${name}`, silent: true, store_history: false }).done;
      return;
    }
    const request_id = `stop-${++this.nextRequest}`;
    const answered = new Promise<void>((resolve, reject) => this.pending.set(request_id, { resolve, reject }));
    this.comm.send({ type: 'stop_job', request_id, name });
    return answered;
  }

  dispose(): void {
    this.drop();
    Signal.clearData(this);
  }

  private async connect(): Promise<void> {
    this.drop();
    const kernel = this.session.session?.kernel;
    if (!kernel) return;
    const info = await kernel.info.catch(() => null);
    if (info?.language_info.name !== KERNEL_LANGUAGE || kernel !== this.session.session?.kernel || this.comm) return;
    const comm = kernel.createComm(CATALOG_TARGET);
    comm.onMsg = (msg) => this.receive(msg);
    comm.onClose = () => {
      if (this.comm === comm) this.comm = null;
    };
    this.comm = comm;
    comm.open({ v: 1 });
  }

  private receive(msg: KernelMessage.ICommMsgMsg): void {
    const data = msg.content.data as unknown as CatalogMessage;
    if (data.type === 'catalog') {
      this._jobs = new Map((data.catalog?.jobs ?? []).map((j) => [j.name, j.status]));
      this._received++;
      this.changed.emit();
      return;
    }
    const waiter = data.request_id ? this.pending.get(data.request_id) : undefined;
    if (!waiter) return;
    this.pending.delete(data.request_id!);
    if (data.type === 'error') waiter.reject(new Error(data.message ?? 'request failed'));
    else waiter.resolve();
  }

  /** Forgets the comm; after a restart no job of the old kernel exists any more. */
  private drop(): void {
    if (this.comm && !this.comm.isDisposed) this.comm.dispose();
    this.comm = null;
    for (const waiter of this.pending.values()) waiter.reject(new Error('kernel connection lost'));
    this.pending.clear();
    if (this._jobs !== null) {
      this._jobs = new Map();
      this._received++;
      this.changed.emit();
    }
  }
}
