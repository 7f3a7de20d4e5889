/// <reference types="@webgpu/types" preserve="true" />
// @nnc/runtime-webgpu: device acquisition and the runtime behind generated WebGPU models.
export { HOW_TO_GET_AN_ADAPTER, SWIFTSHADER_ICD, WebGpuUnavailableError, requestNncDevice } from './request-device.js';
export type { NncDevice, RequestDeviceOptions } from './request-device.js';
export { WgslCompileError, formatCompilationErrors } from './shader-errors.js';
export { GpuProgram, MAX_STEPS_PER_SUBMIT, effectiveLimits } from './gpu-program.js';
export type { ProgramLimits, StepRecord } from './gpu-program.js';
export { GpuError, checkedSubmit } from './device-errors.js';
export { createWebGpuModel } from './webgpu-model.js';
export type { WebGpuModelOptions } from './webgpu-model.js';
export { chooseWorkgroupSizes, DEFAULT_LIMITS, defaultCaps, tileFor } from './workgroup-sizes.js';
export type { ComputeLimits, WorkgroupSizes } from './workgroup-sizes.js';
// Types a generated module names, so that it imports this package and nothing else.
export type { CompiledModelAsync, FloatArray, ModelMeta, ReportEvent, TrainResult } from '@nnc/model';
export type { WebGpuPlan } from '@nnc/model/webgpu-plan';
