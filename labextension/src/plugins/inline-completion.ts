/** Registers the Velostream inline completion provider with JupyterLab's completer (extension spec §5). */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICompletionProviderManager } from '@jupyterlab/completer';
import { NotebookPanel } from '@jupyterlab/notebook';
import { kernelAssistClients, VelostreamInlineProvider } from '../assist/inline-provider';

export const inlineCompletionPlugin: JupyterFrontEndPlugin<void> = {
  id: 'velostream-jupyterlab:inline-completion',
  description: 'Ghost-text completion of Velostream SQL from the kernel (offline or Claude)',
  autoStart: true,
  requires: [ICompletionProviderManager],
  activate: (_app: JupyterFrontEnd, manager: ICompletionProviderManager) => {
    manager.registerInlineProvider(
      new VelostreamInlineProvider({
        clientFor: kernelAssistClients(),
        cellIdOf: (widget) =>
          widget instanceof NotebookPanel ? (widget.content.activeCell?.model.id ?? null) : null,
      }),
    );
  },
};
