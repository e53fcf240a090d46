// Diagnostics: getReport() gathers what a bug report needs (system, versions, adapters with features and
// limits, live object counts); printReport() prints it as text. The adapters come through the portable API;
// backend-specific facts (library version, native object counts) come from the backend module's own exports
// when it has them, loaded only if that backend is the one in use.
import * as os from "node:os";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gpu as portableGPU, activeBackend } from "../index.js";
import { CORE_DEFAULT_LIMITS } from "../validate/limits.js";

/** One wgpu-core registry (wgpu-native only). */
export interface RegistryCounts {
  numAllocated: number;
  numKeptFromUser: number;
  numReleasedFromUser: number;
  elementSize: number;
}

export interface AdapterReport {
  /** A readable name: the device, else the description, else the vendor. */
  name: string;
  /** GPUAdapterInfo's fields (plus any extras the implementation adds, e.g. backendType, adapterType). */
  info: Record<string, string | number | boolean>;
  isFallbackAdapter: boolean;
  /** True for the adapter a plain requestAdapter() returns. */
  isDefault: boolean;
  features: string[];
  limits: Record<string, number>;
}

export interface Report {
  generatedAt: string;
  system: {
    platform: string; osType: string; release: string; arch: string;
    cpuModel: string; cpuCount: number; totalMemoryBytes: number;
    /** WGPU_* and VK_* variables, which change adapter and library selection. */
    env: Record<string, string>;
  };
  versions: {
    "wgpu-ts": string; node: string; v8: string;
    /** The native library behind the backend, when it has one. */
    library?: { name: string; version: string; path?: string };
  };
  /** The backend in use ("wgpu-native", ...), or "unknown" for a GPU object from elsewhere. */
  backend: string;
  /** Backend facts that fit no other section (e.g. wgpu-native's zero-copy mapping). */
  backendDetails: Record<string, unknown>;
  adapters: AdapterReport[];
  objects: {
    /** Live JS wrapper objects per WebGPU interface (not yet garbage-collected), when the backend counts them. */
    js?: Record<string, number>;
    /** Estimated GPU memory in bytes of live, not destroyed buffers and textures (GPUBuffer, GPUTexture), when the backend tracks it. */
    memory?: Record<string, number>;
    /** The native library's own registries (wgpu-native: wgpuGenerateReport), keyed by registry name. */
    native?: Record<string, RegistryCounts>;
  };
  /** Problems met while gathering (a missing library, no adapter, ...): the report still comes back. */
  problems: string[];
  /** Facts worth knowing that are not problems (e.g. why the automatic selection did not use wgpu-native). */
  notes: string[];
}

export interface ReportOptions {
  /** The GPU object to report on (default: the portable `gpu` of `wgpu-ts`, which selects a backend). */
  gpu?: GPU;
  /** Set false to skip requesting adapters (then only system, versions and counts). Default true. */
  adapters?: boolean;
}

/** Backend modules by backend name, for their optional diagnostic exports. */
const backendModules: Record<string, string> = {
  "wgpu-native": "../backends/wgpu-native/index.js",
  "js-webgpu": "../backends/js-webgpu/index.js",
};

interface BackendDiagnostics {
  libraryInfo?: () => { path: string; version: string; [k: string]: unknown };
  liveObjectCounts?: () => Record<string, number>;
  liveObjectBytes?: () => Record<string, number>;
  generateReport?: () => { surfaces: RegistryCounts; hub: Record<string, RegistryCounts> };
}

/** wgpu-ts's own version (from its package.json). */
export function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;
  } catch {
    return "unknown";
  }
}

/** The version of npm `webgpu` (dawn.node), if it is installed. */
function dawnNodeVersion(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve("webgpu"));
    for (let i = 0; i < 4; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
        if (pkg.name === "webgpu") return pkg.version;
      } catch { /* keep looking upwards */ }
    }
  } catch { /* not installed */ }
  return undefined;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function systemSection(): Report["system"] {
  const cpus = os.cpus();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && /^(WGPU_|VK_)/.test(k)) env[k] = v;
  return {
    platform: process.platform, osType: os.type(), release: os.release(), arch: process.arch,
    cpuModel: cpus[0]?.model?.trim() ?? "unknown", cpuCount: cpus.length, totalMemoryBytes: os.totalmem(), env,
  };
}

const infoKeys = ["vendor", "architecture", "device", "description", "subgroupMinSize", "subgroupMaxSize", "isFallbackAdapter",
  "backendType", "adapterType", "vendorID", "deviceID"];

function adapterReport(adapter: GPUAdapter, isDefault: boolean): AdapterReport {
  const info: Record<string, string | number | boolean> = {};
  const src = (adapter.info ?? {}) as unknown as Record<string, unknown>;
  for (const k of new Set([...infoKeys, ...Object.keys(src)])) {
    const v = src[k];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") info[k] = v;
  }
  const limits: Record<string, number> = {};
  const srcLimits = adapter.limits as unknown as Record<string, unknown>;
  const limitNames = new Set<string>(Object.keys(CORE_DEFAULT_LIMITS));
  for (const k in srcLimits) limitNames.add(k);
  for (const k of [...limitNames].sort()) {
    const v = srcLimits[k];
    if (typeof v === "number") limits[k] = v;
  }
  const isFallbackAdapter = Boolean((adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? info.isFallbackAdapter);
  const name = String(info.device || info.description || info.vendor || "unnamed adapter");
  return { name, info, isFallbackAdapter, isDefault, features: [...adapter.features].map(String).sort(), limits };
}

function sameAdapter(a: AdapterReport, b: AdapterReport): boolean {
  return JSON.stringify(a.info) === JSON.stringify(b.info) && JSON.stringify(a.limits) === JSON.stringify(b.limits);
}

/** Gathers the report. Never throws for an unusable GPU: what went wrong is listed in `problems`. */
export async function getReport(options: ReportOptions = {}): Promise<Report> {
  const gpu = options.gpu ?? portableGPU;
  const problems: string[] = [];
  const adapters: AdapterReport[] = [];
  const add = (a: AdapterReport) => {
    const same = adapters.find((x) => sameAdapter(x, a));
    if (same) same.isDefault ||= a.isDefault;
    else adapters.push(a);
  };
  let requestFailed = false;
  if (options.adapters !== false) {
    try {
      const first = await gpu.requestAdapter();
      if (first) add(adapterReport(first, true));
      else problems.push("requestAdapter() returned null: no adapter is available");
    } catch (e) {
      requestFailed = true;
      problems.push(`requestAdapter() failed: ${message(e)}`);
    }
  }
  // The concrete backend object: the facade's active one, or the GPU object given.
  const backendGPU = (gpu === portableGPU ? activeBackend() : gpu) as unknown as {
    backend?: string; implementationName?: string; enumerateAdapters?: () => GPUAdapter[];
  } | undefined;
  const backend = backendGPU?.backend ?? "unknown";
  let diag: BackendDiagnostics = {};
  const modulePath = backendModules[backend];
  if (modulePath) {
    try {
      diag = await import(modulePath) as BackendDiagnostics;
    } catch (e) {
      problems.push(`backend module ${backend} could not be loaded: ${message(e)}`);
    }
  }
  const versions: Report["versions"] = { "wgpu-ts": packageVersion(), node: process.versions.node, v8: process.versions.v8 };
  const backendDetails: Record<string, unknown> = {};
  if (diag.libraryInfo && !requestFailed) {
    try {
      const { path, version, ...rest } = diag.libraryInfo();
      versions.library = { name: backend, version, path };
      Object.assign(backendDetails, rest);
    } catch (e) {
      problems.push(`library: ${message(e)}`);
    }
  }
  if (options.adapters !== false && !requestFailed) {
    // Every adapter, not only the default one: the backend's own enumeration when it has one
    // (wgpu-native: all native APIs), else the distinct answers to the standard request options.
    try {
      if (typeof backendGPU?.enumerateAdapters === "function") {
        for (const a of backendGPU.enumerateAdapters()) add(adapterReport(a, false));
      } else {
        for (const opts of [{ powerPreference: "high-performance" }, { powerPreference: "low-power" }, { forceFallbackAdapter: true }] as GPURequestAdapterOptions[]) {
          const a = await gpu.requestAdapter(opts);
          if (a) add(adapterReport(a, false));
        }
      }
    } catch (e) {
      problems.push(`enumerating adapters: ${message(e)}`);
    }
  }
  if (backendGPU?.implementationName) {
    backendDetails.implementation = backendGPU.implementationName;
    if (/npm webgpu/.test(backendGPU.implementationName)) {
      const version = dawnNodeVersion();
      if (version) versions.library = { name: "dawn.node (npm webgpu)", version };
    }
  }
  const objects: Report["objects"] = {};
  if (diag.liveObjectCounts) objects.js = diag.liveObjectCounts();
  if (diag.liveObjectBytes) objects.memory = { GPUBuffer: 0, GPUTexture: 0, ...diag.liveObjectBytes() };
  if (diag.generateReport && !requestFailed) {
    try {
      const r = diag.generateReport();
      objects.native = { surfaces: r.surfaces, ...r.hub };
    } catch (e) {
      problems.push(`native report: ${message(e)}`);
    }
  }
  const notes: string[] = [];
  // The automatic selection fell back from wgpu-native: say why (the usual question when it happens).
  if (gpu === portableGPU && backend !== "wgpu-native" && backend !== "unknown" && !process.env.WGPU_TS_BACKEND) {
    try {
      const native = await import(backendModules["wgpu-native"]!) as { ensureLoaded?: () => void };
      native.ensureLoaded?.();
    } catch (e) {
      notes.push(`wgpu-native is not used: ${message(e)}`);
    }
  }
  return { generatedAt: new Date().toISOString(), system: systemSection(), versions, backend, backendDetails, adapters, objects, problems, notes };
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(1)} ${units[i]}`;
}

const gib = (n: number) => `${(n / 2 ** 30).toFixed(1)} GiB`;

function wrap(words: string[], indent: string, width = 100): string {
  const lines: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.length + w.length + 1 > width && line.trim()) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += w + " ";
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join("\n");
}

/** The report as readable text (what printReport prints). */
export function formatReport(report: Report): string {
  const out: string[] = [];
  const { system: s, versions: v } = report;
  out.push(`wgpu-ts ${v["wgpu-ts"]}, backend: ${report.backend}` +
    (v.library ? `, ${v.library.name} ${v.library.version}` : ""));
  if (v.library?.path) out.push(`  library: ${v.library.path}`);
  for (const [k, val] of Object.entries(report.backendDetails)) out.push(`  ${k}: ${String(val)}`);
  out.push(`System: ${s.osType} ${s.release} (${s.platform}-${s.arch}), Node.js ${v.node}, ${s.cpuCount} x ${s.cpuModel}, ${gib(s.totalMemoryBytes)}`);
  const env = Object.entries(s.env);
  if (env.length) out.push(`  env: ${env.map(([k, val]) => `${k}=${val}`).join(" ")}`);
  out.push("");
  out.push(`Adapters (${report.adapters.length}):`);
  for (const a of report.adapters) {
    const tags = [a.info.backendType, a.info.adapterType, a.isFallbackAdapter ? "fallback" : undefined, a.isDefault ? "default" : undefined]
      .filter((t) => t !== undefined && t !== "" && t !== "unknown");
    out.push(`${a.isDefault ? "*" : "-"} ${a.name}${tags.length ? ` [${tags.join(", ")}]` : ""}`);
    const details = ["vendor", "architecture", "description"].filter((k) => a.info[k] !== undefined && a.info[k] !== "" && a.info[k] !== a.name)
      .map((k) => `${k}: ${a.info[k]}`);
    if (details.length) out.push(`    ${details.join(", ")}`);
    out.push(`    features (${a.features.length}):`);
    if (a.features.length) out.push(wrap(a.features, "      "));
    const limits = Object.entries(a.limits);
    out.push(`    limits (${limits.length}):`);
    const w = Math.max(0, ...limits.map(([k]) => k.length));
    const vw = Math.max(0, ...limits.map(([, val]) => String(val).length));
    const cells = limits.map(([k, val]) => `${k.padEnd(w)} ${String(val).padStart(vw)}`);
    for (let i = 0; i < cells.length; i += 2) out.push(`      ${cells.slice(i, i + 2).join("   ")}`);
  }
  const { js, native, memory } = report.objects;
  if (js || native || memory) {
    out.push("");
    out.push("Objects:");
    if (js) {
      const entries = Object.entries(js).filter(([, n]) => n > 0);
      out.push(`  live JS wrappers: ${entries.length ? entries.map(([k, n]) => `${k} ${n}`).join(", ") : "none"}`);
    }
    if (memory) {
      out.push(`  estimated GPU memory: ${Object.entries(memory).map(([k, n]) => `${k.replace(/^GPU/, "").toLowerCase()}s ${bytes(n)}`).join(", ")}`);
    }
    if (native) {
      out.push("  native registries (allocated / kept by user / released by user, element size):");
      const rows = Object.entries(native).filter(([, r]) => r.numAllocated || r.numKeptFromUser || r.numReleasedFromUser);
      if (!rows.length) out.push("    all empty");
      const w = Math.max(0, ...rows.map(([k]) => k.length));
      for (const [k, r] of rows) {
        out.push(`    ${k.padEnd(w)} ${String(r.numAllocated).padStart(6)} / ${String(r.numKeptFromUser).padStart(6)} / ${String(r.numReleasedFromUser).padStart(6)}, ${r.elementSize} B`);
      }
    }
  }
  if (report.notes?.length) {
    out.push("");
    out.push("Notes:");
    for (const n of report.notes) out.push(`  - ${n.split("\n").join("\n    ")}`);
  }
  if (report.problems.length) {
    out.push("");
    out.push("Problems:");
    for (const p of report.problems) out.push(`  - ${p.split("\n").join("\n    ")}`);
  }
  return out.join("\n");
}

/** Gathers the report (or takes one) and writes it as text to `stream` (default: stdout). */
export async function printReport(report?: Report | ReportOptions, stream: NodeJS.WritableStream = process.stdout): Promise<Report> {
  const r = report && "generatedAt" in report ? report : await getReport(report as ReportOptions | undefined);
  stream.write(formatReport(r) + "\n");
  return r;
}
