/**
 * Maps `<name>.type` values to connector factories (dialect spec §12.2).
 *
 * Types the dialect names but this runtime has no factory for are reported as
 * "connector not available: <type>" — at validation and at creation — never as a crash.
 */
import type { ConnectorContext, Sink, Source, SourceOptions } from './connector';
import { fail, type ConnectorError, type Result } from './errors';
import type { ObjectProperties, ObjectRole, PropertyDiagnostic } from './properties';

export interface SourceFactory {
  /** Whether a source built from these properties ends by itself (bounded ⇒ lookup table, D10). */
  bounded(props: ObjectProperties): boolean;
  /** Checks properties without touching the outside world (no file opened, no broker called). */
  validate(props: ObjectProperties): PropertyDiagnostic[];
  create(props: ObjectProperties, ctx: ConnectorContext, options: SourceOptions): Result<Source>;
}

export interface SinkFactory {
  validate(props: ObjectProperties): PropertyDiagnostic[];
  create(props: ObjectProperties, ctx: ConnectorContext): Result<Sink>;
}

/** Every type the dialect defines (§12.2), plus our in-process `memory`. */
export const KNOWN_TYPES: Readonly<Record<ObjectRole, readonly string[]>> = {
  source: ['kafka_source', 'file_source', 'file_source_mmap', 's3_source', 'database_source', 'memory'],
  sink: ['kafka_sink', 'file_sink', 's3_sink', 'database_sink', 'iceberg_sink', 'memory'],
};

export class ConnectorRegistry {
  private readonly sources = new Map<string, SourceFactory>();
  private readonly sinks = new Map<string, SinkFactory>();

  registerSource(type: string, factory: SourceFactory): this {
    this.sources.set(type, factory);
    return this;
  }

  registerSink(type: string, factory: SinkFactory): this {
    this.sinks.set(type, factory);
    return this;
  }

  types(role: ObjectRole): string[] {
    return [...(role === 'source' ? this.sources : this.sinks).keys()].sort();
  }

  /** The factory for `props.type`, or why there is none (missing type, unknown, not available). */
  sourceFactory(props: ObjectProperties): Result<SourceFactory> {
    return this.lookup(props, 'source', this.sources);
  }

  sinkFactory(props: ObjectProperties): Result<SinkFactory> {
    return this.lookup(props, 'sink', this.sinks);
  }

  createSource(props: ObjectProperties, ctx: ConnectorContext, options: SourceOptions = {}): Result<Source> {
    const factory = this.sourceFactory(props);
    return factory.ok ? factory.value.create(props, ctx, options) : factory;
  }

  createSink(props: ObjectProperties, ctx: ConnectorContext): Result<Sink> {
    const factory = this.sinkFactory(props);
    return factory.ok ? factory.value.create(props, ctx) : factory;
  }

  /** Whether the source ends by itself; errors as for `sourceFactory`. */
  isBounded(props: ObjectProperties): Result<boolean> {
    const factory = this.sourceFactory(props);
    return factory.ok ? { ok: true, value: factory.value.bounded(props) } : factory;
  }

  /** Property diagnostics for one object: its type first, then the factory's own checks. */
  validate(props: ObjectProperties): PropertyDiagnostic[] {
    const factory = props.role === 'source' ? this.sourceFactory(props) : this.sinkFactory(props);
    if (!factory.ok) return [diagnosticFor(factory.error, props)];
    return factory.value.validate(props);
  }

  private lookup<F>(props: ObjectProperties, role: ObjectRole, factories: Map<string, F>): Result<F> {
    const type = props.type;
    if (type === undefined) return fail(missingType(props.name, role));
    const factory = factories.get(type);
    if (factory !== undefined) return { ok: true, value: factory };
    if (KNOWN_TYPES[role].includes(type)) {
      return fail({
        code: 'CONNECTOR_NOT_AVAILABLE',
        object: props.name,
        message: `connector not available: ${type}`,
        hint: `this runtime provides ${role} types: ${this.types(role).join(', ') || 'none'}`,
      });
    }
    const misplaced = KNOWN_TYPES[role === 'source' ? 'sink' : 'source'].includes(type);
    return fail({
      code: 'CONNECTOR_NOT_AVAILABLE',
      object: props.name,
      message: misplaced
        ? `'${props.name}' is used as a ${role} but its type '${type}' is a ${role === 'source' ? 'sink' : 'source'} type`
        : `unknown ${role} type '${type}' for '${props.name}'`,
      hint: `use one of: ${KNOWN_TYPES[role].join(', ')}`,
    });
  }
}

function missingType(name: string, role: ObjectRole): ConnectorError {
  const example = role === 'source' ? 'file_source' : 'file_sink';
  return {
    code: 'MISSING_TYPE',
    object: name,
    message: `${role} '${name}' has no type`,
    hint: `add '${name}.type' = '${example}' (or kafka_${role}) to the WITH clause`,
  };
}

function diagnosticFor(error: ConnectorError, props: ObjectProperties): PropertyDiagnostic {
  return {
    severity: 'error',
    code: error.code === 'MISSING_TYPE' ? 'VV350' : 'VV351',
    message: error.message,
    hint: error.hint,
    object: props.name,
    key: `${props.name}.type`,
  };
}
