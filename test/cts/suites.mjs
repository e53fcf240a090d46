// The CTS queries `npm run test:cts` runs without arguments, i.e. what .ci/run checks (docs/cts.md says why this
// set: it must fit about 25 minutes on a 2-core CI machine with lavapipe).
export const CI_QUERIES = ['webgpu:idl,*', 'webgpu:api,*'];
// Everything this project tracks (the baseline): `node test/cts/run.mjs webgpu:api,* webgpu:idl,*`.
export const ALL_QUERIES = ['webgpu:idl,*', 'webgpu:api,*'];
