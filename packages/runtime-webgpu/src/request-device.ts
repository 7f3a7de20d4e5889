/**
 * Obtaining a GPUDevice for nnc's generated WebGPU models, in a browser (navigator.gpu) or in
 * Node (the `webgpu` npm package: Google's Dawn), behind one function.
 *
 * Node pitfalls handled here (see the project's WebGPU notes):
 *   - Dawn looks for a Vulkan driver; on a machine without a GPU the software driver SwiftShader
 *     (Debian: chromium-common) is found only through VK_ICD_FILENAMES. When no adapter is found,
 *     that variable is unset and Debian's SwiftShader is installed, we set it and retry once.
 *   - The object returned by Dawn's `create()` must stay reachable while any of its devices is in
 *     use, or the process crashes. We keep it in a WeakMap keyed by the device.
 *   - A device only gets the spec's default limits unless `requiredLimits` asks for more; we ask
 *     for the adapter's own limits on the few that the kernels depend on.
 */

/** Where Debian's chromium-common installs SwiftShader's Vulkan ICD. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** How to get an adapter, printed with every "no adapter" error. */
export const HOW_TO_GET_AN_ADAPTER =
  'WebGPU needs a GPU adapter. In a browser, use one with WebGPU enabled (Chrome/Edge 113+, or ' +
  'Chromium with --enable-unsafe-webgpu). In Node on a machine without a GPU, install the ' +
  'software Vulkan driver SwiftShader and the Vulkan loader (Debian: `apt-get install ' +
  'chromium-common libvulkan1`) and set ' +
  `VK_ICD_FILENAMES=${SWIFTSHADER_ICD}.`;

/** Raised when no WebGPU adapter or device can be obtained; the message says how to get one. */
export class WebGpuUnavailableError extends Error {
  override readonly name = 'WebGpuUnavailableError';
}

/** The limits that generated kernels size themselves from; requested at the adapter's values. */
const WANTED_LIMITS = [
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupStorageSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxBufferSize',
] as const;

export interface NncDevice {
  readonly device: GPUDevice;
  /** A one-line description of the adapter, e.g. "SwiftShader (fallback adapter)". */
  readonly description: string;
  readonly isFallbackAdapter: boolean;
}

export interface RequestDeviceOptions {
  readonly powerPreference?: GPUPowerPreference;
}

/** Devices -> the Dawn instance that made them, so that it lives exactly as long as they do. */
const dawnInstances = new WeakMap<GPUDevice, GPU>();
/** Instances that found no adapter are kept too: collecting a Dawn instance is what crashes. */
const idleInstances: GPU[] = [];

/**
 * A GPUDevice with the adapter's limits for compute work. Throws WebGpuUnavailableError with a
 * message naming how to get an adapter when none exists.
 */
export async function requestNncDevice(options: RequestDeviceOptions = {}): Promise<NncDevice> {
  const adapterOptions: GPURequestAdapterOptions = { powerPreference: options.powerPreference ?? 'high-performance' };
  // Without a usable Vulkan driver, go straight to SwiftShader: a first try would only make Dawn
  // print "Found no drivers" warnings.
  if (!(await hasUsableVulkanDriver())) await useSwiftShaderWhenNoDriverIsNamed();
  let gpu = await findGpu();
  let adapter = await gpu.requestAdapter(adapterOptions);
  if (adapter === null && (await useSwiftShaderWhenNoDriverIsNamed())) {
    idleInstances.push(gpu);
    gpu = await findGpu();
    adapter = await gpu.requestAdapter(adapterOptions);
  }
  if (adapter === null) throw new WebGpuUnavailableError(`No WebGPU adapter was found. ${HOW_TO_GET_AN_ADAPTER}`);
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const value = adapter.limits[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits });
  } catch (error) {
    throw new WebGpuUnavailableError(`The WebGPU adapter refused to create a device: ${String(error)}`);
  }
  dawnInstances.set(device, gpu);
  const info = adapter.info;
  const fallback = info.isFallbackAdapter === true;
  const name = info.description || info.device || info.vendor || 'unknown adapter';
  return { device, description: fallback ? `${name} (fallback adapter)` : name, isFallbackAdapter: fallback };
}

/** navigator.gpu in a browser; Dawn (the `webgpu` package) in Node. */
async function findGpu(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu !== undefined) return nav.gpu;
  const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  if (!isNode) throw new WebGpuUnavailableError(`This browser does not expose navigator.gpu. ${HOW_TO_GET_AN_ADAPTER}`);
  // A variable specifier keeps browser bundlers from trying to resolve the native module.
  const dawnModule = 'webgpu';
  let dawn: { create(options: string[]): GPU; globals: object };
  try {
    dawn = (await import(/* @vite-ignore */ dawnModule)) as typeof dawn;
  } catch (error) {
    throw new WebGpuUnavailableError(
      `The 'webgpu' package (Dawn for Node) could not be loaded: ${String(error)}. ${HOW_TO_GET_AN_ADAPTER}`,
    );
  }
  // GPUBufferUsage, GPUMapMode, GPUShaderStage ... as globals, as in a browser.
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in globalThis)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  }
  return dawn.create(['backend=vulkan']);
}

/**
 * In Node on Linux with no Vulkan driver named in the environment: points the Vulkan loader at
 * SwiftShader when Debian's copy is installed. Returns whether it did (then a retry may succeed).
 */
async function useSwiftShaderWhenNoDriverIsNamed(): Promise<boolean> {
  const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  if (!isNode || process.platform !== 'linux') return false;
  if (process.env.VK_ICD_FILENAMES !== undefined || process.env.VK_DRIVER_FILES !== undefined) return false;
  const fs = await import('node:fs');
  if (!fs.existsSync(SWIFTSHADER_ICD)) return false;
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  return true;
}

/**
 * Whether the Vulkan loader will find a driver Dawn accepts: an ICD manifest in the standard
 * directories other than Mesa's lavapipe (which Dawn rejects). Outside Node on Linux: true.
 */
async function hasUsableVulkanDriver(): Promise<boolean> {
  const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  if (!isNode || process.platform !== 'linux') return true;
  if (process.env.VK_ICD_FILENAMES !== undefined || process.env.VK_DRIVER_FILES !== undefined) return true;
  const fs = await import('node:fs');
  const dirs = ['/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/etc/vulkan/icd.d'];
  return dirs.some((dir) => {
    try {
      return fs.readdirSync(dir).some((name) => name.endsWith('.json') && !name.startsWith('lvp_icd'));
    } catch {
      return false;
    }
  });
}
