/**
 * One notebook's `velostream.catalog` comm: opened when its kernel speaks Velostream, reopened
 * after a restart (comms do not survive one), the latest catalog, and the comm's requests
 * (`refresh`, `describe`, `stop_job`) answered by `request_id`.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';
import type { CatalogState, INotebookCatalog } from '../tokens';
import type { Catalog, Described } from './types';

export const CATALOG_TARGET = 'velostream.catalog';
export const KERNEL_LANGUAGE = 'velostream';

interface CatalogMessage {
  type: string;
  request_id?: string;
  message?: string;
  catalog?: Catalog;
}

interface Waiter {
  resolve: (data: CatalogMessage) => void;
  reject: (e: Error) => void;
}

export class KernelCatalog implements INotebookCatalog {
  readonly changed = new Signal<this, void>(this);
  private _snapshot: Catalog | null = null;
  private _jobs: Map<string, string> | null = null;
  private _received = 0;
  private _state: CatalogState = 'connecting';
  private comm: Kernel.IComm | null = null;
  private pending = new Map<string, Waiter>();
  private nextRequest = 0;

  constructor(private readonly session: ISessionContext) {
    session.kernelChanged.connect(() => void this.connect());
    session.statusChanged.connect((_, status) => {
      if (status === 'restarting' || status === 'autorestarting' || status === 'dead') this.drop();
      else if (status === 'idle' && !this.comm && this._state !== 'not-velostream')
        void this.connect();
    });
    void this.connect();
  }

  get jobs(): ReadonlyMap<string, string> | null {
    return this._jobs;
  }

  get received(): number {
    return this._received;
  }

  get snapshot(): Catalog | null {
    return this._snapshot;
  }

  get state(): CatalogState {
    return this._state;
  }

  async stopJob(name: string): Promise<void> {
    if (!this.comm || this.comm.isDisposed) {
      const kernel = this.session.session?.kernel;
      if (!kernel) throw new Error('no kernel');
      await kernel.requestExecute({ code: `%stop ${name}`, silent: true, store_history: false })
        .done;
      return;
    }
    await this.request({ type: 'stop_job', name });
  }

  async refresh(): Promise<void> {
    if (!this.comm) return this.connect();
    await this.request({ type: 'refresh' });
  }

  async describe(name: string, sample = 5): Promise<Described> {
    return (await this.request({ type: 'describe', name, sample })) as unknown as Described;
  }

  dispose(): void {
    this.drop();
    Signal.clearData(this);
  }

  /** Sends a request on the comm; resolves with the answer carrying its `request_id` (`refresh` is answered by a catalog). */
  private request(data: { type: string; [key: string]: unknown }): Promise<CatalogMessage> {
    const comm = this.comm;
    if (!comm || comm.isDisposed)
      return Promise.reject(new Error('the Velostream kernel is not connected'));
    const request_id = `${data.type}-${++this.nextRequest}`;
    const answered = new Promise<CatalogMessage>((resolve, reject) =>
      this.pending.set(request_id, { resolve, reject }),
    );
    comm.send({ ...data, request_id } as never);
    return answered;
  }

  private async connect(): Promise<void> {
    this.drop();
    const kernel = this.session.session?.kernel;
    if (!kernel) return this.setState('no-kernel');
    this.setState('connecting');
    const info = await kernel.info.catch(() => null);
    if (kernel !== this.session.session?.kernel || this.comm) return;
    if (info?.language_info.name !== KERNEL_LANGUAGE)
      return this.setState(info ? 'not-velostream' : 'no-kernel');
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
    if (data.type === 'catalog' && data.catalog) {
      this._snapshot = data.catalog;
      this._jobs = new Map(data.catalog.jobs.map((j) => [j.name, j.status]));
      this._received++;
      this._state = 'ready';
      // A refresh is answered by the catalog it caused (the kernel echoes no request_id on pushes).
      for (const [id, waiter] of this.pending)
        if (id.startsWith('refresh-')) this.settle(id, waiter, data);
      this.changed.emit();
      return;
    }
    const waiter = data.request_id ? this.pending.get(data.request_id) : undefined;
    if (waiter) this.settle(data.request_id!, waiter, data);
  }

  private settle(id: string, waiter: Waiter, data: CatalogMessage): void {
    this.pending.delete(id);
    if (data.type === 'error') waiter.reject(new Error(data.message ?? 'request failed'));
    else waiter.resolve(data);
  }

  private setState(state: CatalogState): void {
    if (state === this._state) return;
    this._state = state;
    this.changed.emit();
  }

  /** Forgets the comm; after a restart no job of the old kernel exists any more. */
  private drop(): void {
    if (this.comm && !this.comm.isDisposed) this.comm.dispose();
    this.comm = null;
    for (const waiter of this.pending.values()) waiter.reject(new Error('kernel connection lost'));
    this.pending.clear();
    this._state = 'connecting';
    if (this._jobs !== null) {
      this._jobs = new Map();
      this._snapshot = null;
      this._received++;
      this.changed.emit();
    }
  }
}
