import { parseModel, renderSummary, summarize } from '@nnc/dsl';
import { compile, emitTypeScript } from '@nnc/compiler';
import { emitWasmModule, loadWasmModule } from '@nnc/compiler/emit-wasm';
const text = `model planar {\n  input 2\n  dense 4 tanh\n  dense 1 sigmoid\n  loss binary_cross_entropy\n  init normal(0.01) seed 2\n  optimizer gradient_descent(learning_rate: 1.2)\n  train iterations 10000 report_every 1000\n}\n`;
const out = document.getElementById('out')!;
try {
const { model } = parseModel(text, 'planar.nn');
out.textContent = renderSummary(model!, summarize(model!, 400));
const c = compile(model!);
const ts = emitTypeScript(c.schedule);
out.textContent += ts.slice(0, 300);
const w = await emitWasmModule(c.schedule);
out.textContent += w.slice(0, 200);
const mod = await loadWasmModule(w); const mm = await mod.createModelAsync({threads:1}); out.textContent += JSON.stringify(mm.target);
} catch (e) { out.textContent += String((e as Error).stack); }
