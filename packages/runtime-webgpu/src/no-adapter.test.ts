// Without any usable Vulkan driver, requestNncDevice fails with a message that says how to get
// an adapter. (This file runs in its own process: vitest's forks pool; the variable is set before
// Dawn is first loaded.)
import { expect, it } from 'vitest';
import { WebGpuUnavailableError, requestNncDevice } from './request-device.js';

it('explains how to get an adapter when none exists', async () => {
  process.env.VK_ICD_FILENAMES = '/nonexistent/nnc-no-such-driver.json';
  const failure = await requestNncDevice().then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(WebGpuUnavailableError);
  expect(String((failure as Error).message)).toMatch(
    /^No WebGPU adapter was found\. .*apt-get install chromium-common libvulkan1.*VK_ICD_FILENAMES=\/usr\/lib\/chromium\/vk_swiftshader_icd\.json/,
  );
});
