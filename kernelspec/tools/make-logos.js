#!/usr/bin/env node
/**
 * Draws the kernel logo (a white "V" above a wave on a teal rounded square) as
 * logo-32x32.png, logo-64x64.png and logo-svg.svg. Uses only Node's zlib; run it after changing
 * the drawing and commit the outputs.
 */
'use strict';
const { deflateSync } = require('node:zlib');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const BACKGROUND = [14, 116, 144]; // teal
const FOREGROUND = [255, 255, 255];
// Geometry in a 64-unit box, shared by the PNG rasteriser and the SVG.
const CORNER = 12;
const V_STROKES = [[[16, 14], [32, 44]], [[32, 44], [48, 14]]];
const WAVE = Array.from({ length: 33 }, (_, i) => [14 + i * 1.125, 52 + 3 * Math.sin((i / 32) * 2 * Math.PI)]);
const STROKE = 6;

function distanceToSegment([px, py], [[ax, ay], [bx, by]]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideRoundedSquare([x, y]) {
  const cx = Math.min(Math.max(x, CORNER), 64 - CORNER);
  const cy = Math.min(Math.max(y, CORNER), 64 - CORNER);
  return Math.hypot(x - cx, y - cy) <= CORNER;
}

function segments() {
  const wave = WAVE.slice(1).map((p, i) => [WAVE[i], p]);
  return [...V_STROKES, ...wave];
}

/** RGBA pixel with 4×4 supersampling for smooth edges. */
function pixel(x, y, scale) {
  let background = 0, foreground = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const p = [(x + (sx + 0.5) / 4) * scale, (y + (sy + 0.5) / 4) * scale];
      if (!insideRoundedSquare(p)) continue;
      if (segments().some((s) => distanceToSegment(p, s) <= STROKE / 2)) foreground++;
      else background++;
    }
  }
  const covered = background + foreground;
  if (covered === 0) return [0, 0, 0, 0];
  const mix = (c) => Math.round((BACKGROUND[c] * background + FOREGROUND[c] * foreground) / covered);
  return [mix(0), mix(1), mix(2), Math.round((covered / 16) * 255)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = [0]; // filter: none
    for (let x = 0; x < size; x++) row.push(...pixel(x, y, 64 / size));
    rows.push(Buffer.from(row));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function svg() {
  const rgb = (c) => `rgb(${c.join(',')})`;
  const points = (list) => list.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img">',
    '  <title>Velostream SQL</title>',
    `  <rect width="64" height="64" rx="${CORNER}" fill="${rgb(BACKGROUND)}"/>`,
    `  <g fill="none" stroke="${rgb(FOREGROUND)}" stroke-width="${STROKE}" stroke-linecap="round" stroke-linejoin="round">`,
    `    <polyline points="${points([V_STROKES[0][0], V_STROKES[0][1], V_STROKES[1][1]])}"/>`,
    `    <polyline points="${points(WAVE)}"/>`,
    '  </g>',
    '</svg>',
    '',
  ].join('\n');
}

const out = join(__dirname, '..');
writeFileSync(join(out, 'logo-32x32.png'), png(32));
writeFileSync(join(out, 'logo-64x64.png'), png(64));
writeFileSync(join(out, 'logo-svg.svg'), svg());
