// wgpu-native's own object report (wgpuGenerateReport): how many objects of each kind its hub
// holds. Used by the leak/soak tests (test/soak/) and by diagnostics.
import koffi from "koffi";
import { runtime } from "./runtime.js";

/** One registry of wgpu-native's hub (WGPURegistryReport). */
export interface RegistryReport {
  /** objects currently allocated in the registry (alive in wgpu-core) */
  numAllocated: number;
  /** objects the user (wgpu-ts) still holds a reference to */
  numKeptFromUser: number;
  /** objects the user released that are still alive inside wgpu-core (in use by GPU work) */
  numReleasedFromUser: number;
  /** size in bytes of one registry element */
  elementSize: number;
}

export type HubKind =
  | "adapters" | "devices" | "queues" | "pipelineLayouts" | "shaderModules" | "bindGroupLayouts" | "bindGroups"
  | "commandBuffers" | "renderBundles" | "renderPipelines" | "computePipelines" | "pipelineCaches" | "querySets"
  | "buffers" | "textures" | "textureViews" | "samplers";

export interface GlobalReport {
  surfaces: RegistryReport;
  hub: Record<HubKind, RegistryReport>;
}
/** The report's type under the name the backend module exports. */
export type NativeReport = GlobalReport;

function registry(r: Record<string, unknown>): RegistryReport {
  return {
    numAllocated: Number(r.numAllocated),
    numKeptFromUser: Number(r.numKeptFromUser),
    numReleasedFromUser: Number(r.numReleasedFromUser),
    elementSize: Number(r.elementSize),
  };
}

/** wgpu-native's report of every object it holds, process-wide (all devices of the one instance). */
export function generateReport(): GlobalReport {
  const rt = runtime();
  const out = Buffer.alloc(koffi.sizeof("WGPUGlobalReport"));
  rt.fn.wgpuGenerateReport(rt.instance, out);
  const raw = koffi.decode(out, "WGPUGlobalReport") as { surfaces: Record<string, unknown>; hub: Record<string, Record<string, unknown>> };
  const hub = {} as Record<HubKind, RegistryReport>;
  for (const [k, v] of Object.entries(raw.hub)) hub[k as HubKind] = registry(v);
  return { surfaces: registry(raw.surfaces), hub };
}

/** numAllocated per hub kind, only the non-zero ones: the quick view a leak check compares. */
export function nativeObjectCounts(): Partial<Record<HubKind, number>> {
  const { hub } = generateReport();
  const counts: Partial<Record<HubKind, number>> = {};
  for (const [k, v] of Object.entries(hub) as [HubKind, RegistryReport][]) if (v.numAllocated > 0) counts[k] = v.numAllocated;
  return counts;
}
