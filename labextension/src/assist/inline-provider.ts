/**
 * Inline AI completion for Velostream notebooks (extension spec §5) on JupyterLab's inline
 * completer: each request goes to the kernel's `velostream.assist` comm; the ghost text appears
 * with the first chunk, grows as chunks stream in and ends as the kernel's validated text.
 * JupyterLab's own shortcuts apply (Tab accepts, Esc or typing rejects); a newer request for the
 * same cell makes the kernel cancel the older one.
 */
import type {
  CompletionHandler,
  IInlineCompletionContext,
  IInlineCompletionItem,
  IInlineCompletionList,
  IInlineCompletionProvider,
} from '@jupyterlab/completer';
import type { Kernel } from '@jupyterlab/services';
import type { Widget } from '@lumino/widgets';
import { AssistClient, type Answer, type AnswerState, type Engine } from './assist-client';

export const ASSIST_TARGET = 'velostream.assist';
const KERNEL_LANGUAGE = 'velostream';
const ENGINE_NAMES: Record<Engine, string> = {
  offline: 'offline, grammar and schema',
  claude: 'Claude',
};

export interface AssistItem extends IInlineCompletionItem {
  /** Which engine answered (shown as the provider's name in the completer's widget). */
  engine?: Engine;
}

/** How the provider reaches a kernel's assist comm and the cell being edited; JupyterLab's in the plugin. */
export interface AssistHost {
  /** The assist client of a Velostream kernel, or null for another kernel. */
  clientFor(kernel: Kernel.IKernelConnection): Promise<AssistClient | null>;
  /** The id of the notebook cell being edited in the widget, or null outside a notebook. */
  cellIdOf(widget: Widget): string | null;
}

export class VelostreamInlineProvider implements IInlineCompletionProvider<AssistItem> {
  readonly identifier = 'velostream-jupyterlab:assist';
  private engine: Engine | null = null;
  private readonly streams = new Map<string, Answer>();

  constructor(private readonly host: AssistHost) {}

  /** The completer's widget shows this as "Provider: …": it names the engine of the latest answer. */
  get name(): string {
    return this.engine ? `Velostream SQL (${ENGINE_NAMES[this.engine]})` : 'Velostream SQL';
  }

  async fetch(
    request: CompletionHandler.IRequest,
    context: IInlineCompletionContext,
  ): Promise<IInlineCompletionList<AssistItem>> {
    const kernel = context.session?.kernel;
    const cellId = this.host.cellIdOf(context.widget);
    const client = kernel && cellId !== null ? await this.host.clientFor(kernel) : null;
    if (!client) return { items: [] };
    const answer = client.complete({
      prefix: request.text.slice(0, request.offset),
      suffix: request.text.slice(request.offset),
      cellId: cellId!,
    });
    // The ghost text appears with the first chunk (or the whole answer when it comes at once).
    await answer.next(0);
    const state = answer.state;
    if (state.done)
      return { items: state.text || state.error !== undefined ? [this.item(state)] : [] };
    this.streams.set(answer.requestId, answer);
    return { items: [{ ...this.item(state), isIncomplete: true, token: answer.requestId }] };
  }

  async *stream(token: string): AsyncGenerator<{ response: AssistItem }> {
    const answer = this.streams.get(token);
    if (!answer) return;
    try {
      for (let seen = 1; ;) {
        seen = await answer.next(seen);
        const state = answer.state;
        yield { response: { ...this.item(state), isIncomplete: !state.done } };
        if (state.done) return;
      }
    } finally {
      this.streams.delete(token);
    }
  }

  /** The ghost text of an answer so far; notes which engine answers. */
  private item(state: AnswerState): AssistItem {
    if (state.engine) this.engine = state.engine;
    return {
      insertText: state.text,
      ...(state.engine ? { engine: state.engine } : {}),
      ...(state.error ? { error: { message: state.error } } : {}),
    };
  }
}

/** The assist clients of the open kernels, created on first use; null for a kernel that is not Velostream. */
export function kernelAssistClients(): AssistHost['clientFor'] {
  const clients = new WeakMap<Kernel.IKernelConnection, Promise<AssistClient | null>>();
  return (kernel) => {
    let client = clients.get(kernel);
    if (!client) {
      client = kernel.info.then((info) =>
        info.language_info.name !== KERNEL_LANGUAGE
          ? null
          : new AssistClient(() => {
              const comm = kernel.createComm(ASSIST_TARGET);
              const wrapped = {
                get isDisposed() {
                  return comm.isDisposed;
                },
                send: (data: Record<string, unknown>) => void comm.send(data as never),
                onMsg: (_data: Record<string, unknown>) => undefined as void,
              };
              comm.onMsg = (msg) => wrapped.onMsg(msg.content.data as Record<string, unknown>);
              comm.open({ v: 1 });
              return wrapped;
            }),
      );
      // A kernel that fails to answer kernel_info is asked again next time.
      client.catch(() => clients.delete(kernel));
      clients.set(kernel, client);
    }
    return client;
  };
}
