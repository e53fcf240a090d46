// wgsl_reflect's package "main" is a CommonJS bundle inside a "type": "module" package (Node loads it with no
// exports), so shader-interface.ts imports its ES module bundle by path; its types are the package's own.
declare module "wgsl_reflect/wgsl_reflect.module.js" {
  export * from "wgsl_reflect/types/index.js";
}
