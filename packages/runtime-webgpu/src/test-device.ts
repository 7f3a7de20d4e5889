/**
 * The device for WebGPU tests. With the environment variable CI set, a missing adapter fails the
 * run (CI installs SwiftShader, so WebGPU tests never silently skip there); elsewhere the tests
 * skip with a message saying how to enable them.
 */
import { type NncDevice, WebGpuUnavailableError, requestNncDevice } from './request-device.js';

export async function deviceForTests(): Promise<NncDevice | null> {
  try {
    return await requestNncDevice();
  } catch (error) {
    if (!(error instanceof WebGpuUnavailableError) || process.env.CI !== undefined) throw error;
    console.warn(`Skipping the WebGPU tests: ${error.message}`);
    return null;
  }
}
