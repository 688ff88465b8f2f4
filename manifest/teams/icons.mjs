// Draws Baton's Teams icons (run once; the PNGs are committed): color.png 192×192, a white baton
// on Baton blue, and outline.png 32×32, the white baton alone on transparency.
//   node manifest/teams/icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x + 0.5, y + 0.5), y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Coverage (0..1) of a round-capped segment of half-width w at point (x, y), anti-aliased. */
function stroke(x, y, ax, ay, bx, by, w) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  const d = Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
  return Math.max(0, Math.min(1, w - d + 0.5));
}

const baton = (s) => (x, y) =>
  Math.max(stroke(x, y, 0.27 * s, 0.73 * s, 0.73 * s, 0.27 * s, 0.075 * s), stroke(x, y, 0.2 * s, 0.8 * s, 0.32 * s, 0.68 * s, 0.11 * s));

const blue = [0x2b, 0x4a, 0xc7];
const c = baton(192);
writeFileSync(join(here, 'color.png'), png(192, (x, y) => {
  const a = c(x, y);
  return [Math.round(blue[0] + (255 - blue[0]) * a), Math.round(blue[1] + (255 - blue[1]) * a), Math.round(blue[2] + (255 - blue[2]) * a), 255];
}));
const o = baton(32);
writeFileSync(join(here, 'outline.png'), png(32, (x, y) => [255, 255, 255, Math.round(255 * o(x, y))]));
