#!/usr/bin/env node
// A throwaway npm registry for test/package/release.mjs: it serves the packages of release/ (packuments made from
// the tarballs' package.json, the tarballs themselves) as if they were published, and forwards every other request
// to the public registry, so `npm install wgpu-ts` / Deno's `npm:wgpu-ts` resolve wgpu-ts and its optional platform
// package exactly as they would once published. Prints `listening <url>` and runs until killed.
//   node test/package/local-registry.mjs <release dir>
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const release = process.argv[2];
const upstream = 'https://registry.npmjs.org';
const manifest = JSON.parse(readFileSync(join(release, 'manifest.json'), 'utf8'));

/** package.json of a tarball (the ustar entry "package/package.json"). */
function packageJson(tgz) {
  const tar = gunzipSync(tgz);
  for (let off = 0; off + 512 <= tar.length;) {
    const name = tar.subarray(off, off + 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(tar.subarray(off + 124, off + 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    if (!name) break;
    if (name === 'package/package.json') return JSON.parse(tar.subarray(off + 512, off + 512 + size).toString('utf8'));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error('no package/package.json in the tarball');
}

const local = new Map();
for (const t of manifest.tarballs) {
  const bytes = readFileSync(join(release, t.file));
  local.set(t.name, { file: t.file, bytes, pkg: packageJson(bytes) });
}

const server = createServer(async (req, res) => {
  try {
    const path = decodeURIComponent(req.url.split('?')[0]);
    if (path.startsWith('/-/release/')) {
      const entry = [...local.values()].find((e) => `/-/release/${e.file}` === path);
      if (!entry) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(entry.bytes);
    }
    const entry = local.get(path.slice(1));
    if (entry) {
      const { pkg, bytes, file } = entry;
      const base = `http://${req.headers.host}`;
      const dist = {
        tarball: `${base}/-/release/${file}`,
        shasum: createHash('sha1').update(bytes).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
      };
      const body = { name: pkg.name, 'dist-tags': { latest: pkg.version }, versions: { [pkg.version]: { ...pkg, _id: `${pkg.name}@${pkg.version}`, dist } } };
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }
    const r = await fetch(`${upstream}${req.url}`, { headers: { accept: req.headers.accept ?? 'application/json' } });
    const body = Buffer.from(await r.arrayBuffer());
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(body);
  } catch (e) {
    res.writeHead(502).end(String(e));
  }
});
server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${server.address().port}`));
