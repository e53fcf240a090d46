// The CTS set `npm run test:cts` runs without arguments, i.e. what .ci/run checks: every spec file of these
// queries except CI_EXCLUDED. It must fit about 25 minutes with 2 jobs on a 2-core CI machine with lavapipe, and
// every file in it must finish well inside the runner's per-file cap (a capped file's counts are not stable).
// Everything: `node test/cts/run.mjs 'webgpu:api,*' 'webgpu:idl,*'` (docs/cts.md).
export const CI_QUERIES = ['webgpu:idl,*', 'webgpu:api,*'];

// Spec files left out of the CI set, with the reason (times: the baseline run on this machine class, 2 jobs,
// per-file cap 300 s). Run one with its query, e.g. `node test/cts/run.mjs 'webgpu:api,operation,command_buffer,image_copy:*'`.
export const CI_EXCLUDED = {
};
