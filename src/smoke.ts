import { loadLibrary } from "./backends/wgpu-native/library.js";
const l = loadLibrary();
console.log(l.path, l.version);
