// The WGSL backend: kernel templates, the WGSL builder, and the plan handed to @nnc/runtime-webgpu.
export * from './kernel-source.js';
export * from './matmul-kernel.js';
export * from './reduce-kernel.js';
export * from './map-kernel.js';
export * from './columnwise-kernel.js';
export * from '@nnc/model/webgpu-plan';
export * from './wgsl.js';
export * from './emit-wgsl.js';
export * from './emit-webgpu-module.js';
export * from './wgsl-spelling.js';
