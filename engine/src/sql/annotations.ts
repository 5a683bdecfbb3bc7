/**
 * Reading owned comments: `-- @key: value` annotations (§13.1) and `-- Key: value` header lines
 * (§3.2). Only extraction happens here; what the keys mean is the validator's business.
 */
import type { ApplicationHeader, Comment, HeaderLine, RawAnnotation } from './ast';
import { advance } from './positions';

/** `--` [spaces] `@key:` value — keys may contain letters, digits, `.`, `_` and `-`. */
const ANNOTATION = /^--\s*@([A-Za-z0-9_.-]+)\s*:(.*)$/s;
const HEADER = /^--\s*(SQL Application|Version|Description|Author|Dependencies|Tag|Name|Property)\s*:(.*)$/is;

/** Removes a trailing ` -- comment` and surrounding whitespace. */
function cleanValue(raw: string): string {
  return raw.replace(/\s--(?:\s.*|)$/s, '').trim();
}

export function annotationsOf(comments: readonly Comment[]): RawAnnotation[] {
  const annotations: RawAnnotation[] = [];
  for (const comment of comments) {
    if (comment.style !== 'line') continue;
    const match = ANNOTATION.exec(comment.text);
    if (!match) continue;
    const at = comment.text.indexOf('@');
    const start = advance(comment.span.start, at);
    annotations.push({
      key: match[1].toLowerCase(),
      rawKey: match[1],
      value: cleanValue(match[2]),
      line: start.line,
      column: start.column,
      span: { start, end: comment.span.end },
    });
  }
  return annotations;
}

export function headerLinesOf(comments: readonly Comment[]): HeaderLine[] {
  const lines: HeaderLine[] = [];
  for (const comment of comments) {
    if (comment.style !== 'line') continue;
    const match = HEADER.exec(comment.text);
    if (!match) continue;
    lines.push({ key: match[1].toLowerCase().replace(/\s+/g, ' '), value: cleanValue(match[2]), span: comment.span });
  }
  return lines;
}

/** The application header from every header line of the file (first occurrence wins). */
export function applicationHeader(lines: readonly HeaderLine[]): ApplicationHeader {
  const header: ApplicationHeader = { dependencies: [], tags: {} };
  for (const { key, value } of lines) {
    switch (key) {
      case 'sql application':
        header.name ??= value;
        break;
      case 'version':
        header.version ??= value;
        break;
      case 'description':
        header.description ??= value;
        break;
      case 'author':
        header.author ??= value;
        break;
      case 'dependencies':
        header.dependencies.push(...value.split(',').map((d) => d.trim()).filter(Boolean));
        break;
      case 'tag': {
        const colon = value.indexOf(':');
        if (colon > 0) header.tags[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
        break;
      }
    }
  }
  return header;
}
