/**
 * The validator with everything the engine knows: the built-in connectors read WITH lists, and
 * the generator's grammar checks `@data.*` hints. The validator itself (`sql/`) imports neither;
 * this module hands that knowledge down as a `ValidationRegistry`.
 */
import { createConnectorRegistry } from '../connectors/builtin';
import type { ConnectorRegistry } from '../connectors/registry';
import { TopicStore } from '../connectors/topics/topic-store';
import { propertyResolver } from '../connectors/validation';
import type { ParseResult } from '../sql/ast';
import type { Diagnostic } from '../sql/diagnostics';
import { validate, type ValidateOptions } from '../sql/validator';
import type { ValidationRegistry } from '../sql/validator/registry';
import { parseDataHints } from './generator/hints';

export interface EngineValidateOptions extends Omit<ValidateOptions, 'registry'> {
  /** Connector types this host provides. Default: files, memory and in-process Kafka topics. */
  connectors?: ConnectorRegistry;
}

/** Validation only reads connector settings, so one registry over an empty topic store serves every call. */
let defaultConnectors: ConnectorRegistry | undefined;

export function engineValidationRegistry(connectors?: ConnectorRegistry): ValidationRegistry {
  connectors ??= defaultConnectors ??= createConnectorRegistry({ topicStore: new TopicStore() });
  return {
    resolveProperties: propertyResolver(connectors),
    checkDataHints: (text, defaultSource) => parseDataHints(text, '', { defaultSource }).diagnostics,
  };
}

/** `validate` with the engine's connectors and hint grammar: what `velo validate` and the harness run. */
export function validateSql(input: ParseResult | string, options: EngineValidateOptions = {}): Diagnostic[] {
  const { connectors, ...rest } = options;
  return validate(input, { ...rest, registry: engineValidationRegistry(connectors) });
}
