// One device shared by every library in the process. Each library states its needs first;
// features are unioned and limits combined, then the first getDefaultDevice() creates the device.
import { getDefaultDevice, preconfigureDefaultDevice } from "wgpu-ts/utils";

// In library A:
preconfigureDefaultDevice({ requiredLimits: { maxStorageBufferBindingSize: 64 * 2 ** 20 } });
// In library B:
preconfigureDefaultDevice({ requiredLimits: { maxStorageBufferBindingSize: 128 * 2 ** 20, maxComputeWorkgroupStorageSize: 16384 } });

const [deviceA, deviceB] = await Promise.all([getDefaultDevice(), getDefaultDevice()]);
console.log(deviceA === deviceB, deviceA.limits.maxStorageBufferBindingSize >= 128 * 2 ** 20); // true true

// Too late for new needs: this throws, naming what the existing device lacks.
try {
  preconfigureDefaultDevice({ requiredLimits: { maxBufferSize: 2 ** 52 } });
} catch (e) {
  console.log(e.message.split(".")[0]);
}
