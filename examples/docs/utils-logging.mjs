// wgpu-native's own log output, routed to your logger. The level can also come from the
// environment: WGPU_LOG_LEVEL=warn node app.mjs (levels: off, error, warn, info, debug, trace).
import { gpu, setLogLevel, setLogger } from "wgpu-ts/backends/wgpu-native";

const records = [];
setLogger((level, message) => records.push({ level, message }));
setLogLevel("debug");
const device = await (await gpu.requestAdapter()).requestDevice();
setLogLevel("off");
setLogger(null); // back to the default: one "[wgpu-native LEVEL] message" line on stderr per record
console.log(records.length > 0, records[0]); // true { level: 'debug', message: '...' }
device.destroy();
