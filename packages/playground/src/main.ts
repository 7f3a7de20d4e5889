/**
 * The playground page: the editor and its diagnostics, the summary and equations, the data and
 * training controls, the charts and the downloads. State lives here; each piece of work is in
 * its own module (analysis, datasets, prepare-data, training/*, charts, downloads).
 */
import './compiler-files.js';
import type { FloatArray } from '@nnc/compiler';
import type { ExplainFormat } from '@nnc/compiler/explain';
import type { ModelIR } from '@nnc/dsl';
import type { Dataset } from '@nnc/runtime-cpu';
import { analyse, describeDiagnostic, type Analysis } from './analysis.js';
import { drawBoundary, drawCosts } from './charts.js';
import { BUNDLED, csvHeader, csvRowCount, firstProblems, loadSource, userSource, type DataSource } from './datasets.js';
import { generatedTypeScript, onnxFile, saveBlob, weightsFile } from './downloads.js';
import { createEditor } from './editor.js';
import { explainEquations } from './equations.js';
import { prepareData, type PreparedData } from './prepare-data.js';
import { openCpuTrainer, openGpuTrainer, pageGpu, type BackendName, type Trainer } from './training/trainers.js';
import type { Progress } from './training/train-loop.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  example: $<HTMLSelectElement>('example'),
  data: $<HTMLSelectElement>('data'),
  csvFile: $<HTMLInputElement>('csv-file'),
  dropZone: $('drop-zone'),
  label: $<HTMLSelectElement>('label-column'),
  standardize: $<HTMLInputElement>('standardize'),
  holdout: $<HTMLSelectElement>('holdout'),
  iterations: $<HTMLInputElement>('iterations'),
  reportEvery: $<HTMLInputElement>('report-every'),
  webgpu: $<HTMLInputElement>('backend-webgpu'),
  cpu: $<HTMLInputElement>('backend-cpu'),
  train: $<HTMLButtonElement>('train'),
  stop: $<HTMLButtonElement>('stop'),
  reset: $<HTMLButtonElement>('reset'),
  reason: $('train-reason'),
  status: $('training-status'),
  backendStatus: $('backend-status'),
  diagnostics: $('diagnostics'),
  summary: $('summary'),
  equations: $('equations'),
  equationsFormat: $<HTMLSelectElement>('equations-format'),
  costChart: $<HTMLCanvasElement>('cost-chart'),
  boundaryFigure: $('boundary-figure'),
  boundary: $<HTMLCanvasElement>('boundary'),
  costLog: $('cost-log').querySelector('tbody')!,
  downloadTs: $<HTMLButtonElement>('download-ts'),
  downloadWeights: $<HTMLButtonElement>('download-weights'),
  downloadOnnx: $<HTMLButtonElement>('download-onnx'),
  downloadStatus: $('download-status'),
};

const state = {
  file: BUNDLED[0].model!.file,
  analysis: null as Analysis | null,
  sources: [...BUNDLED] as DataSource[],
  source: BUNDLED[0],
  /** The data for the current model and settings, or the reason there is none. */
  dataset: null as Dataset | null,
  prepared: null as PreparedData | null,
  dataProblem: '' as string,
  trainer: null as Trainer | null,
  trainerModel: null as ModelIR | null,
  history: [] as Progress[],
  done: 0,
  lastCost: Number.NaN,
  boundary: null as { values: FloatArray; iteration: number } | null,
  training: false,
};

function setBusy(training: boolean): void {
  state.training = training;
  document.body.dataset.state = training ? 'training' : 'idle';
  ui.stop.disabled = !training;
  updateTrainButton();
}

function backend(): BackendName {
  return ui.webgpu.checked ? 'webgpu' : 'cpu';
}

// ---- the model ---------------------------------------------------------------------------

function refreshAnalysis(text: string): void {
  state.analysis = analyse(text, state.file, csvRowCount(state.source.text), ui.equationsFormat.value as ExplainFormat);
  const { diagnostics, summary, equations } = state.analysis;
  editor.showDiagnostics(diagnostics);
  ui.diagnostics.replaceChildren(
    ...diagnostics.map((d) => {
      const line = document.createElement('div');
      line.className = d.severity;
      line.textContent = describeDiagnostic(d);
      return line;
    }),
  );
  ui.summary.textContent = summary;
  ui.equations.textContent = equations;
  invalidateTrainer();
  refreshData();
}

ui.equationsFormat.addEventListener('change', () => {
  const model = state.analysis?.model;
  if (model) ui.equations.textContent = explainEquations(model, ui.equationsFormat.value as ExplainFormat);
});

let pending: ReturnType<typeof setTimeout> | undefined;
const editor = createEditor($('editor'), BUNDLED[0].model!.text, (text) => {
  clearTimeout(pending);
  pending = setTimeout(() => refreshAnalysis(text), 150);
});

// ---- the data ----------------------------------------------------------------------------

function fillSelect(select: HTMLSelectElement, options: readonly { value: string; text: string }[], selected: string): void {
  select.replaceChildren(
    ...options.map(({ value, text }) => {
      const option = new Option(text, value);
      option.selected = value === selected;
      return option;
    }),
  );
}

function chooseSource(source: DataSource): void {
  state.source = source;
  fillSelect(ui.data, state.sources.map((s) => ({ value: s.id, text: s.title })), source.id);
  fillSelect(ui.label, csvHeader(source.text).map((c) => ({ value: c, text: c })), source.label);
  ui.standardize.checked = source.standardize;
  invalidateTrainer();
  refreshData();
}

function refreshData(): void {
  const model = state.analysis?.model ?? null;
  state.dataset = null;
  state.prepared = null;
  state.dataProblem = '';
  if (model !== null) {
    const loaded = loadSource(state.source, ui.label.value, model);
    if (!loaded.ok) state.dataProblem = firstProblems(loaded.errors);
    else {
      const { dataset } = loaded;
      const outputs = model.layers[model.layers.length - 1].units;
      if (dataset.nx !== model.inputSize) state.dataProblem = `the data has ${dataset.nx} features; model '${model.name}' takes input ${model.inputSize}`;
      else if (dataset.ny !== outputs) state.dataProblem = `the labels give ${dataset.ny} output row(s); model '${model.name}' has ${outputs} output unit(s)`;
      else {
        try {
          state.prepared = prepareData(dataset, Number(ui.holdout.value), ui.standardize.checked);
          state.dataset = dataset;
        } catch (error) {
          state.dataProblem = (error as Error).message;
        }
      }
    }
    if (ui.iterations.dataset.model !== model.source.sha256) {
      ui.iterations.dataset.model = model.source.sha256;
      const perEpoch = model.training.batchSize === null ? 1 : Math.ceil((state.prepared?.train.m ?? 1) / model.training.batchSize);
      ui.iterations.value = String(model.training.iterations ?? (model.training.epochs ?? 1) * perEpoch);
    }
  }
  ui.boundaryFigure.hidden = state.prepared?.grid == null;
  drawPictures();
  updateTrainButton();
}

async function readUserCsv(file: File): Promise<void> {
  const source = userSource(file.name, await file.text());
  state.sources = [...BUNDLED, source];
  chooseSource(source);
}

ui.csvFile.addEventListener('change', () => {
  const file = ui.csvFile.files?.[0];
  if (file) void readUserCsv(file);
});
ui.dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  ui.dropZone.classList.add('over');
});
ui.dropZone.addEventListener('dragleave', () => ui.dropZone.classList.remove('over'));
ui.dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  ui.dropZone.classList.remove('over');
  const file = event.dataTransfer?.files[0];
  if (file) void readUserCsv(file);
});
ui.data.addEventListener('change', () => chooseSource(state.sources.find((s) => s.id === ui.data.value)!));
for (const input of [ui.label, ui.standardize, ui.holdout]) {
  input.addEventListener('change', () => {
    invalidateTrainer();
    refreshData();
  });
}
ui.example.addEventListener('change', () => {
  const source = BUNDLED.find((s) => s.id === ui.example.value)!;
  state.file = source.model!.file;
  chooseSource(source);
  editor.setText(source.model!.text);
});
for (const radio of [ui.webgpu, ui.cpu]) radio.addEventListener('change', () => invalidateTrainer());

// ---- training ----------------------------------------------------------------------------

function trainBlocker(): string {
  const analysis = state.analysis;
  if (analysis === null) return 'the model is being checked';
  if (analysis.model === null) {
    const first = analysis.diagnostics.find((d) => d.severity === 'error');
    return first ? `Train is disabled: ${describeDiagnostic(first)}` : `Train is disabled: ${analysis.summary}`;
  }
  if (state.dataProblem !== '') return `Train is disabled: ${state.dataProblem}`;
  if (!(Number(ui.iterations.value) >= 1) || !(Number(ui.reportEvery.value) >= 1)) return 'Train is disabled: iterations and report every must be whole numbers of at least 1';
  return '';
}

function updateTrainButton(): void {
  const reason = trainBlocker();
  ui.train.disabled = state.training || reason !== '';
  ui.reason.textContent = reason;
  const valid = state.analysis?.model != null;
  ui.downloadTs.disabled = !valid;
  ui.downloadWeights.disabled = ui.downloadOnnx.disabled = !valid || state.trainer === null || state.training;
}
ui.iterations.addEventListener('input', updateTrainButton);
ui.reportEvery.addEventListener('input', updateTrainButton);

function invalidateTrainer(): void {
  if (state.training) state.trainer?.stop();
  state.trainer?.dispose();
  state.trainer = null;
  state.trainerModel = null;
  clearProgress();
}

function clearProgress(): void {
  state.history = [];
  state.done = 0;
  state.lastCost = Number.NaN;
  state.boundary = null;
  ui.costLog.replaceChildren();
  ui.status.textContent = 'not trained yet';
  drawPictures();
}

function drawPictures(): void {
  drawCosts(ui.costChart, state.history);
  const prepared = state.prepared;
  if (prepared?.grid && prepared.points) drawBoundary(ui.boundary, prepared.grid, prepared.points, state.boundary?.values ?? null, state.boundary?.iteration ?? 0);
}

function logProgress(progress: Progress): void {
  const last = state.history[state.history.length - 1];
  if (last !== undefined && last.iteration === progress.iteration) state.history[state.history.length - 1] = progress;
  else state.history.push(progress);
  const row = document.createElement('tr');
  for (const value of [String(progress.iteration), progress.cost.toPrecision(8), progress.heldOut === null ? '' : progress.heldOut.toPrecision(8)]) {
    const cell = document.createElement('td');
    cell.textContent = value;
    row.append(cell);
  }
  if (last !== undefined && last.iteration === progress.iteration) ui.costLog.lastElementChild?.replaceWith(row);
  else ui.costLog.append(row);
  const held = progress.heldOut === null ? '' : `, held-out cost ${progress.heldOut.toPrecision(8)}`;
  ui.status.textContent = `${state.trainer?.device ?? ''}: iteration ${progress.iteration}, cost ${progress.cost.toPrecision(8)}${held}`;
  drawCosts(ui.costChart, state.history);
}

async function train(): Promise<void> {
  const model = state.analysis?.model;
  if (!model || !state.prepared || trainBlocker() !== '') return;
  setBusy(true);
  let trainer: Trainer | null = state.trainer;
  try {
    if (trainer === null) {
      ui.status.textContent = `compiling ${model.name} for ${backend() === 'webgpu' ? 'WebGPU' : 'the CPU'}...`;
      const prepared = state.prepared;
      trainer = backend() === 'webgpu' ? await openGpuTrainer(model, prepared) : await openCpuTrainer(model, prepared);
      // The model, data or backend may have changed while it compiled.
      if (state.analysis?.model !== model || state.prepared !== prepared || state.trainer !== null) {
        trainer.dispose();
        return;
      }
      state.trainer = trainer;
      state.trainerModel = model;
    }
    const reportEvery = Math.floor(Number(ui.reportEvery.value));
    const outcome = await trainer.run(
      { start: state.done, iterations: Math.floor(Number(ui.iterations.value)), reportEvery, boundaryEvery: reportEvery * Math.max(1, Math.round(200 / reportEvery)) },
      {
        report: (progress) => {
          if (state.trainer === trainer) logProgress(progress);
        },
        boundary: (values, iteration) => {
          if (state.trainer !== trainer) return;
          state.boundary = { values, iteration };
          drawPictures();
        },
      },
    );
    if (state.trainer !== trainer) return;
    state.done = outcome.iteration;
    state.lastCost = outcome.cost;
    const how = !Number.isFinite(outcome.cost) ? 'stopped: the cost is not a finite number (lower the learning rate, then Reset)' : outcome.stopped ? 'stopped' : 'done';
    ui.status.textContent = `${trainer.device}: ${how} at iteration ${outcome.iteration}, cost ${outcome.cost.toPrecision(8)}`;
    document.body.dataset.trained = String(outcome.iteration);
  } catch (error) {
    // A trainer dropped because the model, data or backend changed: nothing failed.
    if (trainer !== null && state.trainer !== trainer) return;
    ui.status.textContent = `training failed: ${(error as Error).message}`;
    state.trainer?.dispose();
    state.trainer = null;
  } finally {
    setBusy(false);
  }
}

ui.train.addEventListener('click', () => void train());
ui.stop.addEventListener('click', () => state.trainer?.stop());
ui.reset.addEventListener('click', async () => {
  if (state.training) return;
  await state.trainer?.reset();
  clearProgress();
  delete document.body.dataset.trained;
});

// ---- downloads ---------------------------------------------------------------------------

async function download(kind: 'ts' | 'weights' | 'onnx'): Promise<void> {
  const model = state.analysis?.model;
  if (!model) return;
  try {
    if (kind === 'ts') return saveBlob(generatedTypeScript(model), `${model.name}.ts`);
    const trainer = state.trainer;
    const dataset = state.dataset;
    if (trainer === null || state.trainerModel !== model || dataset === null || state.prepared === null) throw new Error('train the model first');
    const { layers, optimizerState } = await trainer.state();
    const trained = {
      layers,
      optimizerState,
      standardization: state.prepared.standardization,
      training: state.done > 0 ? { iterations: state.done, cost: state.lastCost } : null,
      labels: { name: dataset.labelName ?? ui.label.value, classes: dataset.classes },
      features: dataset.featureNames,
    };
    if (kind === 'weights') saveBlob(weightsFile(model, trained), `${model.name}.weights.json`);
    else saveBlob(onnxFile(model, trained), `${model.name}.onnx`);
    ui.downloadStatus.textContent = '';
  } catch (error) {
    ui.downloadStatus.textContent = `no download: ${(error as Error).message}`;
  }
}
ui.downloadTs.addEventListener('click', () => void download('ts'));
ui.downloadWeights.addEventListener('click', () => void download('weights'));
ui.downloadOnnx.addEventListener('click', () => void download('onnx'));

// ---- start -------------------------------------------------------------------------------

fillSelect(ui.example, BUNDLED.map((s) => ({ value: s.id, text: s.model!.file })), BUNDLED[0].id);
chooseSource(BUNDLED[0]);
refreshAnalysis(editor.text());
window.addEventListener('resize', drawPictures);
pageGpu().then(
  ({ description }) => {
    ui.backendStatus.textContent = `WebGPU adapter: ${description}`;
    ui.webgpu.checked = true;
    invalidateTrainer();
    document.body.dataset.webgpu = 'yes';
  },
  (error: Error) => {
    ui.webgpu.disabled = true;
    ui.cpu.checked = true;
    // The first sentence: the rest of WebGpuUnavailableError's text is about Node and drivers.
    const why = error.message.split(/(?<=\.)\s/)[0].replace(/\.$/, '');
    ui.backendStatus.textContent = `No WebGPU adapter in this browser (${why}): training runs on the CPU.`;
    document.body.dataset.webgpu = 'no';
  },
);
document.body.dataset.ready = 'yes';
