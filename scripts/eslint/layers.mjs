/**
 * ESLint rule `layers/one-way`: imports inside a package point down its list of layers, never up,
 * and never into a folder or package the configuration forbids. A layer is a top-level folder
 * (or file) under `root`; layers on one line of the list may import each other. Every import form
 * counts: `import`, `import type`, `export … from`, `import()` and `require()`.
 *
 * Options: { root, layers: string[][] (bottom first), forbidden?: { [layer]: string[] } } where a
 * forbidden entry is a module name (`@velostream/engine`) or a repository folder (`engine/src`).
 */
import fs from 'node:fs';
import path from 'node:path';

const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '/index.ts'];

function resolveRelative(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const ext of ['', ...EXTENSIONS]) if (fs.existsSync(base + ext) && fs.statSync(base + ext).isFile()) return base + ext;
  return base;
}

function layerIndex(layers, name) {
  return layers.findIndex((line) => line.includes(name) || line.includes(name.replace(/\.[^.]+$/, '')));
}

const oneWay = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point down the layer list (docs/architecture.md)' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
          forbidden: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward: "{{from}} may not import {{to}}: layers only import downward ({{order}})",
      forbidden: '{{from}} may not import {{to}}',
      unplaced: "'{{name}}' is not in the layer list of {{root}}: add it to eslint.config.mjs where it belongs",
    },
  },
  create(context) {
    const { root, layers, forbidden = {} } = context.options[0];
    const cwd = context.cwd ?? process.cwd();
    const rootAbs = path.resolve(cwd, root);
    const file = context.filename ?? context.getFilename();
    const relFile = path.relative(rootAbs, file);
    if (relFile.startsWith('..') || path.isAbsolute(relFile)) return {};
    const fromLayer = relFile.split(path.sep)[0];
    const from = layerIndex(layers, fromLayer);
    const order = layers.map((line) => line.join('|')).join(' → ');
    const banned = forbidden[fromLayer] ?? [];

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const shown = `${root}/${fromLayer}`;
      if (!specifier.startsWith('.')) {
        const hit = banned.find((b) => specifier === b || specifier.startsWith(`${b}/`));
        if (hit) context.report({ node, messageId: 'forbidden', data: { from: shown, to: specifier } });
        return;
      }
      const target = resolveRelative(file, specifier);
      const fromRepo = path.relative(cwd, target);
      const dir = banned.find((b) => fromRepo === b || fromRepo.startsWith(`${b}${path.sep}`));
      if (dir) return context.report({ node, messageId: 'forbidden', data: { from: shown, to: dir } });
      const relTarget = path.relative(rootAbs, target);
      if (relTarget.startsWith('..') || path.isAbsolute(relTarget)) return;
      const toLayer = relTarget.split(path.sep)[0];
      if (toLayer === fromLayer) return;
      const to = layerIndex(layers, toLayer);
      if (to < 0) return context.report({ node, messageId: 'unplaced', data: { name: toLayer, root } });
      if (to > from) context.report({ node, messageId: 'upward', data: { from: shown, to: `${root}/${toLayer}`, order } });
    }

    return {
      Program(node) {
        if (from < 0) context.report({ node, messageId: 'unplaced', data: { name: fromLayer, root } });
      },
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const arg = node.argument?.literal ?? node.argument;
        if (arg?.type === 'Literal') check(arg, arg.value);
      },
      CallExpression(node) {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal') check(arg, arg.value);
      },
    };
  },
};

export default { meta: { name: 'velostream-layers' }, rules: { 'one-way': oneWay } };
