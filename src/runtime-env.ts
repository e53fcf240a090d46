// Which JavaScript runtime this is, and environment variables read without Node-only APIs.
// Browser-safe: no Node built-in is imported, `process` and `Deno` are only touched when they exist.

export type RuntimeName = "node" | "deno" | "bun" | "browser" | "unknown";

type AnyGlobal = Record<string, any>;
const g = globalThis as AnyGlobal;

export function detectRuntime(): RuntimeName {
  // Deno also defines `process.versions.node` (Node compatibility): test it first.
  if (typeof g.Deno?.version?.deno === "string") return "deno";
  if (typeof g.process?.versions?.bun === "string") return "bun";
  if (typeof g.process?.versions?.node === "string") return "node";
  if (typeof g.navigator === "object" && (typeof g.window === "object" || typeof g.importScripts === "function")) return "browser";
  return "unknown";
}

/**
 * An environment variable: `process.env` in Node/Bun, `Deno.env` in Deno when env access is granted (never
 * prompts), and a property of `globalThis` of the same name in browsers (e.g. `globalThis.WGPU_TS_BACKEND`).
 */
export function readEnv(name: string): string | undefined {
  try {
    if (typeof g.Deno?.version?.deno === "string") {
      const state = g.Deno.permissions?.querySync?.({ name: "env", variable: name })?.state;
      return state === "granted" ? g.Deno.env.get(name) ?? undefined : undefined;
    }
    const v = g.process?.env?.[name];
    if (typeof v === "string") return v;
  } catch {
    // env access refused: treat as unset
  }
  const own = g[name];
  return typeof own === "string" ? own : undefined;
}
