// GPUShaderModule: WGSL compilation, getCompilationInfo() messages (type, text, lineNum/linePos/offset/length).
import { test, describe } from '../harness.mjs';
import assert from 'node:assert/strict';
import { getDevice, expectValidationError, expectNoError, expectTypeError, probeDevice, PROBE_WGSL, T } from '../harness.mjs';

// Converts a one-based (lineNum, linePos) into a UTF-16 offset in `code`; line breaks are \n here.
function offsetOf(code, lineNum, linePos) {
  const lines = code.split('\n');
  let offset = 0;
  for (let i = 0; i < lineNum - 1; i++) offset += lines[i].length + 1;
  return offset + linePos - 1;
}

function errorsOf(info) {
  return [...info.messages].filter((m) => m.type === 'error');
}

describe('createShaderModule / getCompilationInfo', () => {
  test('valid WGSL: no error, GPUCompilationInfo without error messages', T, async () => {
    const device = await getDevice();
    const module = await expectNoError(device, () => device.createShaderModule({ code: PROBE_WGSL, label: 'ok' }));
    assert.ok(module instanceof GPUShaderModule);
    const info = await module.getCompilationInfo();
    assert.ok(info instanceof GPUCompilationInfo);
    assert.ok(Array.isArray(info.messages) || typeof info.messages?.length === 'number');
    assert.deepEqual(errorsOf(info), []);
    for (const m of info.messages) assert.ok(['warning', 'info'].includes(m.type));
  });

  test('an empty module is valid', T, async () => {
    const device = await getDevice();
    const module = await expectNoError(device, () => device.createShaderModule({ code: '' }));
    assert.deepEqual(errorsOf(await module.getCompilationInfo()), []);
  });

  test('syntax error: validation error + an error message with one-based lineNum/linePos', T, async () => {
    const device = await getDevice();
    const code = [
      '// line 1',
      '@compute @workgroup_size(1)',
      'fn main() {',
      '  let x: u32 = ;', // line 4: missing expression
      '}',
    ].join('\n');
    let module;
    await expectValidationError(device, () => { module = device.createShaderModule({ code }); }, 'bad WGSL');
    const info = await module.getCompilationInfo();
    const errors = errorsOf(info);
    assert.ok(errors.length >= 1, 'getCompilationInfo must report at least one error');
    const m = errors[0];
    assert.ok(m instanceof GPUCompilationMessage);
    assert.equal(typeof m.message, 'string');
    assert.ok(m.message.length > 0, 'the error message must have text');
    assert.ok(m.lineNum > 0, `lineNum must be one-based (> 0), got ${m.lineNum}`);
    assert.ok(m.linePos > 0, `linePos must be one-based (> 0), got ${m.linePos}`);
    assert.equal(m.lineNum, 4, 'the error is on line 4');
    assert.ok(m.linePos <= code.split('\n')[3].length + 1, `linePos ${m.linePos} is past the end of line 4`);
    assert.equal(typeof m.offset, 'number');
    assert.equal(typeof m.length, 'number');
    assert.equal(m.offset, offsetOf(code, m.lineNum, m.linePos), 'offset must reference the same position as lineNum/linePos');
    await probeDevice(device);
  });

  test('semantic error (unknown identifier) points at the identifier', T, async () => {
    const device = await getDevice();
    const code = [
      '@compute @workgroup_size(1)',
      'fn main() {',
      '  var a: f32 = 1.0;',
      '  a = a + notDeclaredAnywhere;',
      '}',
    ].join('\n');
    let module;
    await expectValidationError(device, () => { module = device.createShaderModule({ code }); });
    const errors = errorsOf(await module.getCompilationInfo());
    assert.ok(errors.length >= 1);
    const m = errors[0];
    assert.ok(m.message.length > 0);
    assert.equal(m.lineNum, 4);
    const col = code.split('\n')[3].indexOf('notDeclaredAnywhere') + 1;
    assert.equal(m.linePos, col, 'linePos must point at the undeclared identifier');
    assert.equal(m.offset, offsetOf(code, 4, col));
    // Which substring a message covers is implementation-defined (naga may mark just a point); it must
    // stay inside the code.
    assert.ok(Number.isInteger(m.length) && m.length >= 0, `length ${m.length}`);
    assert.ok(m.offset + m.length <= code.length, 'offset + length must stay inside the code');
    await probeDevice(device);
  });

  test('positions are in UTF-16 code units (non-ASCII text before the error)', T, async () => {
    const device = await getDevice();
    const code = [
      '// héllo wörld — ünïcödé 😀 comment',
      '@compute @workgroup_size(1)',
      'fn main() {',
      '  /* ✓😀 */ let y = missingThing;',
      '}',
    ].join('\n');
    let module;
    await expectValidationError(device, () => { module = device.createShaderModule({ code }); });
    const m = errorsOf(await module.getCompilationInfo())[0];
    assert.ok(m, 'an error message is expected');
    assert.equal(m.lineNum, 4);
    const col = code.split('\n')[3].indexOf('missingThing') + 1;
    assert.equal(m.linePos, col, 'linePos counts UTF-16 code units, not bytes');
    assert.equal(m.offset, code.indexOf('missingThing'), 'offset counts UTF-16 code units, not bytes');
    await probeDevice(device);
  });

  test('getCompilationInfo returns a fresh promise each call with the same messages', T, async () => {
    const device = await getDevice();
    let module;
    await expectValidationError(device, () => { module = device.createShaderModule({ code: 'fn (' }); });
    const [a, b] = await Promise.all([module.getCompilationInfo(), module.getCompilationInfo()]);
    assert.equal(a.messages.length, b.messages.length);
    assert.ok(a.messages.length >= 1);
    assert.equal(a.messages[0].message, b.messages[0].message);
    await probeDevice(device);
  });

  test('using a module with errors in a pipeline is a validation error; the device keeps working', T, async () => {
    const device = await getDevice();
    let module;
    await expectValidationError(device, () => { module = device.createShaderModule({ code: '@compute fn main( {' }); });
    await expectValidationError(device, () => device.createComputePipeline({
      layout: 'auto', compute: { module, entryPoint: 'main' },
    }), 'pipeline from bad module');
    await probeDevice(device);
  });

  test('missing code throws TypeError', T, async () => {
    // GPUShaderModuleDescriptor.code is `required USVString`. (dawn.node accepts {} and compiles an empty
    // module — a dawn deviation.)
    const device = await getDevice();
    await expectTypeError(device, () => device.createShaderModule({}), 'createShaderModule({})');
    await expectTypeError(device, () => device.createShaderModule(), 'createShaderModule()');
    await probeDevice(device);
  });
});
