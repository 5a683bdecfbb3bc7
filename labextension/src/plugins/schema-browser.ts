/** The schema browser in the left side bar, following the active notebook (extension spec §4). */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { LabIcon } from '@jupyterlab/ui-components';
import { SchemaBrowser } from '../catalog/schema-browser';
import { IVelostreamCatalogs } from '../tokens';

const schemaIcon = new LabIcon({
  name: 'velostream-jupyterlab:schema',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161"><ellipse cx="12" cy="5" rx="8" ry="3"/><path d="M4 7v4c0 1.7 3.6 3 8 3s8-1.3 8-3V7c0 1.7-3.6 3-8 3S4 8.7 4 7zm0 6v4c0 1.7 3.6 3 8 3s8-1.3 8-3v-4c0 1.7-3.6 3-8 3s-8-1.3-8-3z"/></g></svg>',
});

export const schemaBrowserPlugin: JupyterFrontEndPlugin<void> = {
  id: 'velostream-jupyterlab:schema-browser',
  description:
    "Side panel with the active notebook's Velostream sources, columns, jobs, metrics and parameters",
  autoStart: true,
  requires: [INotebookTracker, IVelostreamCatalogs],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, catalogs: IVelostreamCatalogs) => {
    const browser = new SchemaBrowser({
      insert: (text) => {
        const editor = tracker.activeCell?.editor;
        if (!editor) return;
        if (editor.replaceSelection) editor.replaceSelection(text);
        else
          editor.model.sharedModel.updateSource(
            editor.getOffsetAt(editor.getCursorPosition()),
            editor.getOffsetAt(editor.getCursorPosition()),
            text,
          );
        editor.focus();
      },
      addCellBelow: (source) => {
        const notebook = tracker.currentWidget?.content;
        if (!notebook) return;
        NotebookActions.insertBelow(notebook);
        notebook.activeCell?.model.sharedModel.setSource(source);
      },
    });
    browser.id = 'velostream-schema-browser';
    browser.title.icon = schemaIcon;
    browser.title.caption = 'Velostream: sources, columns and jobs';
    app.shell.add(browser, 'left', { rank: 600 });
    const follow = () =>
      browser.setCatalog(tracker.currentWidget ? catalogs.catalogOf(tracker.currentWidget) : null);
    tracker.currentChanged.connect(follow);
    follow();
  },
};
