import { describe, expect, it } from 'vitest';
import { formatCompilationErrors } from './shader-errors.js';
import { HOW_TO_GET_AN_ADAPTER, SWIFTSHADER_ICD } from './request-device.js';
import { deviceForTests } from './test-device.js';
import { chooseWorkgroupSizes, DEFAULT_LIMITS } from './workgroup-sizes.js';
import { createCheckedPipeline } from './shader-errors.js';

const gpu = await deviceForTests();

describe('requestNncDevice', () => {
  it.skipIf(gpu === null)('returns a device with the adapter limits the kernels rely on', () => {
    const device = gpu!.device;
    expect(device.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
    expect(device.limits.maxStorageBuffersPerShaderStage).toBeGreaterThanOrEqual(8);
    expect(gpu!.description.length).toBeGreaterThan(0);
  });

  it('names the Debian packages and the ICD variable in its "no adapter" advice', () => {
    expect(HOW_TO_GET_AN_ADAPTER).toContain('apt-get install chromium-common libvulkan1');
    expect(HOW_TO_GET_AN_ADAPTER).toContain(`VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`);
  });
});

describe('WGSL compilation errors', () => {
  it('formats a code frame with the line, column and a caret', () => {
    const code = 'fn f() {\n  let x: i32 = 1.5;\n}';
    const text = formatCompilationErrors('k', code, [{ type: 'error', message: 'bad', lineNum: 2, linePos: 16 }]);
    expect(text).toBe('k.wgsl:2:16: error: bad\n  2 |   let x: i32 = 1.5;\n    |                ^');
  });

  it.skipIf(gpu === null)('surfaces a real compiler error with the offending WGSL line', async () => {
    const device = gpu!.device;
    const code = '@compute @workgroup_size(1)\nfn main() {\n  let x: i32 = 1.5f;\n}\n';
    const layout = device.createPipelineLayout({ bindGroupLayouts: [] });
    await expect(createCheckedPipeline(device, 'broken', code, layout, {})).rejects.toThrow(
      /broken\.wgsl:3:\d+: error: [^\n]+\n  3 \|   let x: i32 = 1\.5f;/,
    );
  });
});

describe('chooseWorkgroupSizes', () => {
  it('takes the largest power-of-two tile the limits allow, capped at 16', () => {
    expect(chooseWorkgroupSizes(DEFAULT_LIMITS)).toEqual({ tile: 16, linear: 256 });
    expect(chooseWorkgroupSizes({ ...DEFAULT_LIMITS, maxComputeInvocationsPerWorkgroup: 128 })).toEqual({ tile: 8, linear: 128 });
    expect(chooseWorkgroupSizes({ ...DEFAULT_LIMITS, maxComputeWorkgroupStorageSize: 1024 })).toEqual({ tile: 8, linear: 256 });
  });
});
