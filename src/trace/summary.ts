// `wgpu-ts trace <dir>`: a readable summary of a trace (calls, objects, errors, bytes).
import type { LoadedTrace } from "./format.js";

export interface TraceSummary {
  dir: string;
  created: string;
  backend: string;
  adapter: string;
  device: LoadedTrace["header"]["device"];
  records: number;
  calls: Record<string, number>;
  extras: Record<string, number>;
  objects: Record<string, number>;
  uploads: { count: number; bytes: number };
  readbacks: { count: number; bytes: number };
  errors: Array<{ record: number; kind: string; message: string }>;
  rejected: Array<{ record: number; call: number; message: string }>;
  threw: Array<{ record: number; call: number; message: string }>;
  truncated: boolean;
  dataBytes: number;
}

function bytesIn(v: unknown, out: { n: number; bytes: number }): void {
  if (Array.isArray(v)) { for (const x of v) bytesIn(x, out); return; }
  if (!v || typeof v !== "object") return;
  const b = (v as { $b?: [number, number, number] }).$b;
  if (b) { out.n++; out.bytes += b[1]; return; }
  for (const x of Object.values(v)) bytesIn(x, out);
}

export function summarize(t: LoadedTrace): TraceSummary {
  const s: TraceSummary = {
    dir: t.dir, created: t.header.created, backend: t.header.backend,
    adapter: String(t.header.adapter?.device || t.header.adapter?.description || "unknown"),
    device: t.header.device, records: t.records.length, calls: {}, extras: {}, objects: {},
    uploads: { count: 0, bytes: 0 }, readbacks: { count: 0, bytes: 0 }, errors: [], rejected: [], threw: [],
    truncated: t.truncated, dataBytes: t.dataBytes,
  };
  const typeOf = new Map<number, string>([[t.header.root, "GPUDevice"]]);
  s.objects.GPUDevice = 1;
  for (const r of t.records) {
    if (r.r !== undefined && r.t) { typeOf.set(r.r, r.t); s.objects[r.t] = (s.objects[r.t] ?? 0) + 1; }
    if (r.m !== undefined) {
      const key = `${typeOf.get(r.o!) ?? "?"}.${r.m}`;
      s.calls[key] = (s.calls[key] ?? 0) + 1;
      const up = { n: 0, bytes: 0 };
      bytesIn(r.a, up);
      if (r.wr) bytesIn(r.wr, up);
      s.uploads.count += up.n; s.uploads.bytes += up.bytes;
      if (r.rd) { const rb = { n: 0, bytes: 0 }; bytesIn(r.rd, rb); s.readbacks.count += rb.n; s.readbacks.bytes += rb.bytes; }
    } else if (r.x !== undefined) {
      s.extras[r.x] = (s.extras[r.x] ?? 0) + 1;
      const up = { n: 0, bytes: 0 };
      bytesIn(r.a, up);
      s.uploads.count += up.n; s.uploads.bytes += up.bytes;
    } else if (r.e !== undefined) {
      s.errors.push({ record: r.n, kind: r.e, message: r.msg ?? "" });
    } else if (r.p !== undefined) {
      if (!r.ok) s.rejected.push({ record: r.n, call: r.p, message: r.err ?? "" });
      else if (r.v && typeof r.v === "object" && "$err" in (r.v as object)) s.errors.push({ record: r.n, kind: `${(r.v as { $err: string }).$err} (error scope)`, message: (r.v as { msg?: string }).msg ?? "" });
    } else if (r.th !== undefined) {
      s.threw.push({ record: r.n, call: r.th, message: r.msg ?? "" });
    }
  }
  return s;
}

const kb = (n: number) => n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;
const firstLine = (m: string) => (m.split("\n").find((l) => l.trim()) ?? "").trim().slice(0, 160);

export function formatSummary(s: TraceSummary): string {
  const out: string[] = [];
  out.push(`trace ${s.dir}`);
  out.push(`  recorded ${s.created} on ${s.backend}, adapter "${s.adapter}"`);
  const feats = s.device.requiredFeatures?.length ? s.device.requiredFeatures.join(", ") : "none";
  out.push(`  device${s.device.label ? ` "${s.device.label}"` : ""}: required features ${feats}${s.device.requiredLimits ? `, limits ${JSON.stringify(s.device.requiredLimits)}` : ""}`);
  const totalCalls = Object.values(s.calls).reduce((a, b) => a + b, 0) + Object.values(s.extras).reduce((a, b) => a + b, 0);
  out.push(`  ${s.records} records, ${totalCalls} calls; uploads ${s.uploads.count} (${kb(s.uploads.bytes)}), readbacks ${s.readbacks.count} (${kb(s.readbacks.bytes)}); data.bin ${kb(s.dataBytes)}`);
  if (s.truncated) out.push(`  the last record is cut short (the traced process ended while writing it)`);
  out.push("objects:");
  for (const [k, v] of Object.entries(s.objects).sort((a, b) => b[1] - a[1])) out.push(`  ${String(v).padStart(7)}  ${k}`);
  out.push("calls:");
  for (const [k, v] of Object.entries(s.calls).sort((a, b) => b[1] - a[1])) out.push(`  ${String(v).padStart(7)}  ${k}`);
  if (Object.keys(s.extras).length) {
    out.push("backend extras:");
    for (const [k, v] of Object.entries(s.extras).sort((a, b) => b[1] - a[1])) out.push(`  ${String(v).padStart(7)}  ${k}`);
  }
  out.push(`errors: ${s.errors.length}${s.rejected.length ? `, rejected promises: ${s.rejected.length}` : ""}${s.threw.length ? `, exceptions: ${s.threw.length}` : ""}`);
  for (const e of s.errors.slice(0, 20)) out.push(`  record ${e.record}: ${e.kind}: ${firstLine(e.message)}`);
  for (const e of s.rejected.slice(0, 10)) out.push(`  record ${e.record}: promise of record ${e.call} rejected: ${firstLine(e.message)}`);
  for (const e of s.threw.slice(0, 10)) out.push(`  record ${e.record}: record ${e.call} threw: ${firstLine(e.message)}`);
  return out.join("\n");
}
