/** Registry entries for the file connectors. */
import * as fs from 'fs';
import { fail, ok } from '../errors';
import type { ObjectProperties, PropertyDiagnostic } from '../properties';
import type { SinkFactory, SourceFactory } from '../registry';
import { readFileSinkSettings, readFileSourceSettings } from './file-config';
import { FileSink } from './file-sink';
import { FileSource } from './file-source';

const firstError = (props: ObjectProperties, diagnostics: PropertyDiagnostic[]) => {
  const error = diagnostics.find((d) => d.severity === 'error')!;
  return fail({ code: 'INVALID_PROPERTY' as const, object: props.name, message: error.message, hint: error.hint });
};

export const fileSourceFactory: SourceFactory = {
  bounded: (props) => readFileSourceSettings(props).settings?.watch !== true,
  validate: (props) => readFileSourceSettings(props).diagnostics,
  create(props, ctx, options) {
    const { settings, diagnostics } = readFileSourceSettings(props);
    if (settings === null) return firstError(props, diagnostics);
    if (!fs.existsSync(settings.path)) {
      return fail({
        code: 'IO',
        object: props.name,
        message: `${props.name}: file not found: ${settings.path}`,
        hint: 'relative paths resolve against the SQL file (or the config file that sets them)',
      });
    }
    return ok(new FileSource(props.name, props.type ?? 'file_source', settings, ctx, options));
  },
};

export const fileSinkFactory: SinkFactory = {
  validate: (props) => readFileSinkSettings(props).diagnostics,
  create(props, ctx) {
    const { settings, diagnostics } = readFileSinkSettings(props);
    if (settings === null) return firstError(props, diagnostics);
    return ok(new FileSink(props.name, props.type ?? 'file_sink', settings, ctx));
  },
};
