/**
 * Statement-level checks of WITH properties (dialect spec §12.2): every source and sink resolves
 * to a type this runtime provides, with valid settings; a generic `output.type` is an error;
 * keys the reference accepts but ignores get a warning.
 */
import type { PropertyRequest, PropertyResolution } from '../sql/validator/registry';
import { StatementProperties, type ObjectProperties, type PropertyDiagnostic } from './properties';
import type { ConnectorRegistry } from './registry';

export interface StatementObjects {
  /** FROM/JOIN source names. */
  sources: readonly string[];
  /** The CREATE name or INTO target. */
  sinks: readonly string[];
}

export interface ResolvedConnectors {
  sources: Map<string, ObjectProperties>;
  sinks: Map<string, ObjectProperties>;
  diagnostics: PropertyDiagnostic[];
}

const IGNORED_PREFIXES = ['join.', 'cache.', 'sink.'];
const IGNORED_KEYS = new Set(['error.handling', 'error.topic', 'enable_dlq', 'kafka.batch.size']);

/** Per-object properties of a statement's sources and sinks, with every diagnostic about them. */
export function resolveConnectors(
  properties: StatementProperties,
  objects: StatementObjects,
  registry: ConnectorRegistry,
): ResolvedConnectors {
  const diagnostics: PropertyDiagnostic[] = [];
  const resolve = (names: readonly string[], role: 'source' | 'sink') => {
    const out = new Map<string, ObjectProperties>();
    for (const name of names) {
      const resolved = properties.forObject(name, role);
      diagnostics.push(...resolved.diagnostics, ...registry.validate(resolved.properties));
      out.set(name, resolved.properties);
    }
    return out;
  };
  const sources = resolve(objects.sources, 'source');
  const sinks = resolve(objects.sinks, 'sink');
  const named = new Set([...objects.sources, ...objects.sinks]);
  const ownedByObject = (key: string) => named.has(key.slice(0, Math.max(0, key.indexOf('.'))));

  if (properties.get('output.type') !== undefined && !named.has('output')) {
    const sink = objects.sinks[0] ?? 'my_sink';
    diagnostics.push({
      severity: 'error',
      code: 'VV354',
      key: 'output.type',
      message: "a generic 'output.type' is not supported; sink properties are prefixed with the sink's name",
      hint: `write '${sink}.type' instead of 'output.type'`,
    });
  }
  for (const key of properties.keys()) {
    if (ownedByObject(key)) continue;
    if (IGNORED_KEYS.has(key) || IGNORED_PREFIXES.some((p) => key.startsWith(p))) {
      diagnostics.push({ severity: 'warning', code: 'VW551', key, message: `'${key}' is ignored by the reference`, hint: 'remove it, or keep it for documentation only' });
    }
  }
  return { sources, sinks, diagnostics };
}

/** The validator's view of WITH lists (`ValidationRegistry.resolveProperties`) through these connectors. */
export function propertyResolver(registry: ConnectorRegistry): (request: PropertyRequest) => PropertyResolution {
  return (request) => {
    const { properties, diagnostics } = StatementProperties.resolve({ layers: request.layers, baseDir: request.baseDir, env: request.env });
    const connectors = resolveConnectors(properties, request, registry);
    return { diagnostics: [...diagnostics, ...connectors.diagnostics], sources: connectors.sources };
  };
}
