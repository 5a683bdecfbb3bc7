/**
 * Registers Velostream SQL with JupyterLab's editor languages and makes notebooks of the
 * Velostream kernel use it. The kernel's `language_info.codemirror_mode` is `sql` (so that
 * JupyterLab without this extension still shows SQL colours), and JupyterLab looks the
 * codemirror_mode up before the language name; the mime type service is therefore told that
 * `language_info.name == "velostream"` means this language.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { HighlightStyle, LanguageSupport, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { velostreamLanguage } from '../language/velostream-sql';
import { KERNEL_LANGUAGE } from '../catalog/kernel-catalog';

export const VELOSTREAM_MIME = 'text/x-velostream';

/** JupyterLab's highlight style leaves types uncoloured; Velostream types read like built-ins. */
const typeStyle = HighlightStyle.define([{ tag: tags.typeName, color: 'var(--jp-mirror-editor-builtin-color)' }]);

export const sqlLanguagePlugin: JupyterFrontEndPlugin<void> = {
  id: 'velostream-jupyterlab:sql-language',
  description: 'Velostream SQL highlighting (annotations and magics included)',
  autoStart: true,
  requires: [IEditorLanguageRegistry, IEditorServices],
  activate: (_app: JupyterFrontEnd, languages: IEditorLanguageRegistry, editorServices: IEditorServices) => {
    languages.addLanguage({
      name: KERNEL_LANGUAGE,
      displayName: 'Velostream SQL',
      mime: VELOSTREAM_MIME,
      extensions: [],
      support: new LanguageSupport(velostreamLanguage, [syntaxHighlighting(typeStyle)]),
    });
    const service = editorServices.mimeTypeService;
    const byLanguage = service.getMimeTypeByLanguage.bind(service);
    service.getMimeTypeByLanguage = (info) => (info.name === KERNEL_LANGUAGE ? VELOSTREAM_MIME : byLanguage(info));
  },
};
