#!/usr/bin/env node
// Serves the browser examples on http://127.0.0.1 (a secure context, so navigator.gpu exists):
//   /triangle.html  examples/browser/triangle.mjs (the scene of examples/triangle.mjs, drawn into a canvas)
//   /compute.html   examples/compute.mjs, unchanged
// The modules are bundled with esbuild (wgpu-ts resolved through this checkout's package.json exports; in a
// browser its facade picks the js-webgpu backend over navigator.gpu).
//   node examples/browser/serve.mjs [port]     then open the printed address in a browser with WebGPU
// test/runtimes/examples.mjs uses the same two functions.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));

/** Bundles the page modules; returns { "/path": { type, body } } for the server. */
export async function bundleExamples() {
  const entries = { "triangle.js": `${here}triangle.mjs`, "compute.js": `${root}examples/compute.mjs` };
  const files = {};
  for (const [name, entry] of Object.entries(entries)) {
    const result = await build({
      entryPoints: [entry], bundle: true, format: "esm", platform: "browser", target: "es2022",
      write: false, logLevel: "warning", absWorkingDir: root,
    });
    files[`/${name}`] = { type: "text/javascript", body: result.outputFiles[0].text };
  }
  for (const page of ["triangle.html", "compute.html"]) files[`/${page}`] = { type: "text/html", body: readFileSync(`${here}${page}`) };
  files["/"] = { type: "text/html", body: '<!doctype html><meta charset="utf-8"><title>wgpu-ts examples</title>' +
    '<ul><li><a href="triangle.html">triangle (canvas)</a><li><a href="compute.html">compute</a></ul>' };
  return files;
}

/** Serves `files` on 127.0.0.1:`port` (0: any free port); resolves to { url, close() }. */
export async function serveExamples(files, port = 0) {
  const server = createServer((req, res) => {
    const file = files[new URL(req.url, "http://x").pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" });
    res.end(file.body);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url } = await serveExamples(await bundleExamples(), Number(process.argv[2] ?? 8080));
  console.log(`wgpu-ts browser examples: ${url}triangle.html and ${url}compute.html (Ctrl-C stops)`);
}
