// Workaround: the stencil reference of a render pass must apply to the draws of the render bundles
// it executes (WebGPU: the reference is pass state, untouched by executeBundles). wgpu-core records
// setStencilReference but only hands it to the backend while a pipeline that reads the reference is
// set in the pass, and a bundle's own setPipeline does not hand it over; so a reference set while no
// such pipeline is set never reaches the bundle's draws (CTS occlusionQuery:occlusion_query,stencil
// in render-bundle mode). Setting, right before executeBundles, a pipeline of the pass's attachment
// formats whose stencil test reads the reference makes wgpu-core apply it; executeBundles then
// resets the pipeline state, as the spec says, so that pipeline is never drawn with.
import type { DeviceContext } from "./context.js";
import type { NativeTextureView } from "./texture.js";
import { NativeRenderPipeline, createRenderPipeline } from "./render-pipeline.js";
import { createShaderModule } from "./shader-module.js";
import { formatInfo } from "../guards/texture-formats.js";

/** What of a render pass's converted descriptor (render-pass.ts) the pipeline depends on (a structural type: render-pass.ts imports this file). */
interface PassAttachments {
  readonly colorAttachments: ReadonlyArray<{ readonly view: NativeTextureView } | null>;
  readonly depthStencilAttachment: { readonly view: NativeTextureView; readonly depthReadOnly: boolean } | null;
}

const cache = new WeakMap<DeviceContext, Map<string, NativeRenderPipeline | null>>();

/** WGSL type of a fragment output for a color format. */
function outputType(format: string): string {
  return format.includes("sint") ? "vec4i" : format.includes("uint") ? "vec4u" : "vec4f";
}

/**
 * A pipeline that makes wgpu-core apply the pass's stencil reference, or null when the pass has no
 * stencil aspect (nothing to apply) or no such pipeline could be made.
 */
export function stencilReferencePipeline(device: DeviceContext, pass: PassAttachments): NativeRenderPipeline | null {
  const ds = pass.depthStencilAttachment;
  if (!ds || !formatInfo(ds.view._format)?.stencil) return null;
  const colors = pass.colorAttachments.map((c) => (c ? c.view._format : null));
  const sampleCount = ds.view._texture.sampleCount;
  const key = JSON.stringify([colors, ds.view._format, sampleCount, ds.depthReadOnly]);
  let byKey = cache.get(device);
  if (!byKey) cache.set(device, (byKey = new Map()));
  if (byKey.has(key)) return byKey.get(key)!;
  const outputs = colors.map((f, i) => (f ? `@location(${i}) o${i}: ${outputType(f)},` : "")).join(" ");
  const code = colors.some((f) => f)
    ? `struct O { ${outputs} }
@vertex fn vs() -> @builtin(position) vec4f { return vec4f(0.0, 0.0, 0.0, 1.0); }
@fragment fn fs() -> O { return O(); }`
    : "@vertex fn vs() -> @builtin(position) vec4f { return vec4f(0.0, 0.0, 0.0, 1.0); }";
  // compare "equal" reads the reference; "keep" and no depth write leave read-only attachments valid.
  const face = { compare: "equal", failOp: "keep", depthFailOp: "keep", passOp: "keep" } as const;
  const hasDepth = !!formatInfo(ds.view._format)?.depth;
  const [pipeline, errors] = device._capturingSilently(() => {
    const module = createShaderModule(device, { code });
    return createRenderPipeline(device, {
      label: "wgpu-ts stencil reference", layout: "auto",
      vertex: { module, entryPoint: "vs" },
      fragment: colors.some((f) => f) ? { module, entryPoint: "fs", targets: colors.map((f) => (f ? { format: f as GPUTextureFormat, writeMask: 0 } : null)) } : undefined,
      depthStencil: { format: ds.view._format, stencilFront: face, stencilBack: face, stencilWriteMask: 0,
        ...(hasDepth ? { depthWriteEnabled: false, depthCompare: "always" as const } : {}) },
      multisample: { count: sampleCount },
    });
  });
  const result = errors.length === 0 ? pipeline : null;
  byKey.set(key, result);
  return result;
}
