/**
 * Turning WGSL compilation messages into errors a person can act on: the kernel's name, the
 * line and column, the offending WGSL line and a caret under the column.
 */

export class WgslCompileError extends Error {
  override readonly name = 'WgslCompileError';
}

interface CompilationMessageLike {
  readonly type: string;
  readonly message: string;
  readonly lineNum: number;
  readonly linePos: number;
}

/** A code frame per error message; empty when there is none. */
export function formatCompilationErrors(label: string, code: string, messages: readonly CompilationMessageLike[]): string {
  const lines = code.split('\n');
  return messages
    .filter((m) => m.type === 'error')
    .map((m) => {
      const source = lines[m.lineNum - 1] ?? '';
      const caret = ' '.repeat(Math.max(0, m.linePos - 1)) + '^';
      return `${label}.wgsl:${m.lineNum}:${m.linePos}: error: ${m.message}\n  ${m.lineNum} | ${source}\n  ${' '.repeat(String(m.lineNum).length)} | ${caret}`;
    })
    .join('\n');
}

/**
 * Compiles `code` and creates its compute pipeline (entry point `main`) with the given override
 * constants. Throws WgslCompileError with a code frame when the shader does not compile, and the
 * validation message when the pipeline cannot be created.
 */
export async function createCheckedPipeline(
  device: GPUDevice,
  label: string,
  code: string,
  layout: GPUPipelineLayout,
  constants: Record<string, number>,
): Promise<GPUComputePipeline> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label, code });
  const info = await module.getCompilationInfo();
  const scopeError = await device.popErrorScope();
  const frames = formatCompilationErrors(label, code, info.messages);
  if (frames !== '') throw new WgslCompileError(`WGSL kernel '${label}' does not compile:\n${frames}`);
  if (scopeError !== null) throw new WgslCompileError(`WGSL kernel '${label}': ${scopeError.message}`);
  try {
    return await device.createComputePipelineAsync({
      label,
      layout,
      compute: { module, entryPoint: 'main', constants },
    });
  } catch (error) {
    throw new WgslCompileError(`WGSL kernel '${label}' cannot be used: ${error instanceof Error ? error.message : String(error)}`);
  }
}
