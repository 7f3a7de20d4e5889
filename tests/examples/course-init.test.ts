/**
 * The course's week 4 initialisations, bit for bit, in every CPU target: the reference
 * interpreter, the generated TypeScript and the generated WebAssembly module start from exactly the
 * weights that the notebooks draw. The expected values were computed with python3 and numpy 2.4
 * when this test was written and pasted here: for each layer, the SHA-256 of W as little-endian
 * float64 in row-major order (`hashlib.sha256(W.astype('<f8').tobytes())`), and W's first and last
 * entries printed with repr():
 *
 *   deep-cat.nn (L-layer, initialize_parameters_deep):
 *     np.random.seed(1)
 *     for l in 1..4: W[l] = np.random.randn(n[l], n[l-1]) / np.sqrt(n[l-1]); b[l] = zeros
 *   two-layer-cat.nn (initialize_parameters):
 *     np.random.seed(1); W1 = np.random.randn(7, 12288) * 0.01; W2 = np.random.randn(1, 7) * 0.01
 *
 * xavier's `* sqrt(1 / n)` would fail the first: 184,667 of W1's 245,760 entries differ in the
 * last bit, W1[0, 0] among them (0.01465337864012333 instead of 0.014653378640123331).
 *
 * The one known exception (numpy-random.ts): the polar method's `log` is glibc's, which is not
 * correctly rounded in about 0.04% of calls, while nnc's stream computes a correctly rounded log;
 * there the Gaussian pair differs in its last bit. Those entries of W1 are listed below with
 * numpy's values (found by comparing all of W1 against numpy's, dumped with W.tofile()): the test
 * checks that each differs in the last bits only (4 ulp at most) and that, with them replaced, W1 hashes to numpy's
 * W1, which proves every other entry bit for bit. W2 ... W4 have no exception.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, emitTypeScript, loadCompiledModel, type CompiledModel } from '@nnc/compiler';
import { emitWasmModule, loadWasmModule } from '@nnc/compiler/emit-wasm';
import { parseModel } from '@nnc/dsl';
import type { LayerParameters, ModelIR } from '@nnc/dsl/ir';
import { createReferenceModel } from '@nnc/runtime-cpu';

const NUMPY = {
  'deep-cat.nn': [
    ['586735054163cb087ecd5cda7003ceb3a44bf7496f53078bb3d362589fc51f4a', 0.014653378640123331, 0.006735189662709199],
    ['9519d35c9a48f44db719693afd75b607fece73c03fa9b5c4a4a7afaaeb1b1bcc', 0.20259018442992263, -0.11263982826267017],
    ['a64738755bfb875f6dfce8702a9961dfd898d58a49ed1ab5a7c9b8d1f4da6654', 0.2093063448394052, -0.5886395877769633],
    ['3650d11f3ec6114fd633796ce0343edd3d3a0da0df174374c66e7fee305d5fb8', -0.38423553330727866, 0.018698163198335283],
  ],
  'two-layer-cat.nn': [
    ['c3b8d541425044f0469567bda137ee9078c67175b01def14a1148828cf38112c', 0.01624345363663242, 0.003597947274769761],
    ['52d18fc64cab80cd812232f6cc03c268070953a23fa99987ffe02e2cda7bf59f', -0.008533065088761125, -0.0029008464298936926],
  ],
} as const;

/** Entries of W1 (row-major index, numpy's value) where glibc's log is not correctly rounded. */
const GLIBC_LOG_EXCEPTIONS: Record<keyof typeof NUMPY, readonly (readonly [number, number])[]> = {
  'deep-cat.nn': [
    [2176, 0.0068403326135455245], [2177, 0.0036420344465483553], [6457, -6.675656111141929e-05],
    [12046, 0.007174946341794984], [12047, -0.0034117391802170605], [21896, 0.004366140553430003],
    [21897, -0.004914255625293157], [23088, -0.0035082445545921246], [23089, 0.0004701439435092294],
    [24856, -0.0035902818944916802], [24857, -0.00324282207575335], [30710, -0.0017193134610078208],
    [30711, -0.0027490066793773877], [37420, 0.0065692285597122955], [37421, -0.002543601780934195],
    [40446, 0.0037082141289127278], [40447, 0.0009169428986605484], [46480, 0.0022290293537347216],
    [48709, 0.0034785240067100524], [50409, -0.002705428169889127], [50678, 0.007958449500429473],
    [50679, 0.010945517703527599], [56215, -0.0030692571038419005], [59614, -0.00019452288067842136],
    [59615, 0.006710902368297989], [69816, 0.007092171065435146], [69817, 0.0071044570769507286],
    [70206, 0.006183014977392456], [70207, 0.0004425118642763369], [71560, 0.0049896307340102026],
    [71561, 0.0007578410641558472], [73502, 0.005660624233340979], [73503, 0.0004626409735395287],
    [75483, -0.0032098620577598676], [75556, -6.348220968080653e-05], [75557, 0.0029930472165371797],
    [81530, 0.01311846152086793], [81531, 0.0044338318457749215], [86044, -0.011905638487139434],
    [86045, 0.0010929731300459795], [93688, 0.00027610180631475607], [108470, 0.021045099246292612],
    [108471, 0.005564056590470665], [111468, -0.0029679532787216896], [117672, -0.00042822025122957874],
    [119398, 0.010503375084119589], [119399, -0.007984141305780356], [122062, -0.0083559147720971],
    [122063, 0.007398075429704689], [126495, -0.002229355404042322], [127346, -0.00026446841881274215],
    [127347, -0.0036116967102982436], [134784, 0.005887968498446056], [134785, -0.003101644256857255],
    [136782, -0.003425867480072023], [136783, -0.0044474249918870406], [138983, 0.0035181351714069116],
    [147240, -0.0018404020394966905], [147241, -0.0039066136035035], [153671, -0.003551025313063401],
    [156234, -0.004820621216426526], [156235, -9.627201397966582e-05], [160530, 0.0027973164828251885],
    [160531, 0.00395670504737849], [160616, 0.011612297434040011], [160617, -0.003765951009551099],
    [160914, 0.003443869337754296], [160915, 0.0018533558057321246], [165406, 0.019511772509355665],
    [165407, 0.0029839711899301005], [168426, -0.006963368331480099], [168427, -0.007953838613101252],
    [190310, -0.007398339580115854], [190311, 0.0050113667126978605], [190645, -0.007217721764800803],
    [192550, -0.0029414660653660518], [192551, 0.0025271957500631885], [199843, 0.0032745136600085462],
    [200429, 0.0032797198432929853], [201120, -0.0016151899083480124], [201816, -0.0026466711552225078],
    [201817, 0.0020133839856583038], [203840, -0.003540359390079067], [203841, -0.00039128428564410607],
    [204742, 0.0027401231041257993], [204743, 0.00413526553209283], [207200, -0.014027898538007053],
    [207201, -0.00027462394064094094], [207614, 0.003322231717084004], [207615, 0.0012269155442522247],
    [218138, -0.006970931709649253], [218139, -0.00829466194670369], [225280, -0.004936722217875328],
    [225281, 0.00673501591916489], [229600, -0.0017127366066665578], [229601, -0.003621772332755705],
    [233980, -0.0009429846379286785], [233981, -0.018076243892771782],
  ],
  'two-layer-cat.nn': [
    [2176, 0.007582594321492002], [2177, 0.004037240770776158], [6457, -7.400048357347512e-05],
    [12047, -0.003781955585477977], [21896, 0.004839921453777703], [21897, -0.005447513871608902],
    [23088, -0.0038889330009154593], [23089, 0.0005211604460984175], [24856, -0.003979872419042709],
    [24857, -0.0035947088608708944], [30710, -0.001905880491905688], [30711, -0.003047308312977819],
    [37420, 0.007282072084450697], [37421, -0.0028196144120324522], [40447, 0.0010164426803965121],
    [46480, 0.0024709069390278127], [48708, -0.0011662318314192676], [48709, 0.0038559874015807183],
    [50409, -0.002999000989744673], [50678, 0.008822040885897598], [50679, 0.012133243377698829],
    [56215, -0.0034023099170213613], [59614, -0.0002156310480445978], [59615, 0.00743911927457691],
    [70206, 0.006853949494273962], [71560, 0.005531068123080231], [71561, 0.0008400763053951952],
    [73502, 0.006274872815809407], [73503, 0.000512843309973499], [75483, -0.0035581722683697132],
    [75556, -7.037082402809456e-05], [75557, 0.0033178303030368013], [81530, 0.014541978797619546],
    [81531, 0.004914958098623397],
  ],
};

function example(file: string): ModelIR {
  const text = readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8');
  const { model } = parseModel(text, `examples/${file}`);
  if (!model) throw new Error(`examples/${file} does not parse`);
  return model;
}

function fingerprint(layers: readonly LayerParameters[], exceptions: readonly (readonly [number, number])[]): [string, number, number][] {
  return layers.map((layer, l) => {
    const flat = Float64Array.from(layer.W.flat());
    if (l === 0) {
      for (const [k, numpy] of exceptions) {
        expect(flat[k]).not.toBe(numpy);
        expect(Math.abs(flat[k] - numpy)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(numpy));
        flat[k] = numpy;
      }
    }
    expect(layer.b.every((v) => v === 0)).toBe(true);
    return [createHash('sha256').update(new Uint8Array(flat.buffer)).digest('hex'), flat[0], flat[flat.length - 1]];
  });
}

const targets: Record<string, (model: ModelIR) => Promise<Pick<CompiledModel, 'getParameters'>>> = {
  reference: async (model) => createReferenceModel(model),
  ts: async (model) => loadCompiledModel(emitTypeScript(compile(model).schedule)).createModel(),
  wasm: async (model) => (await loadWasmModule(await emitWasmModule(compile(model).schedule))).createModel(),
};

describe.each(Object.keys(NUMPY) as (keyof typeof NUMPY)[])('examples/%s starts from the notebook\'s weights', (file) => {
  it.each(Object.keys(targets))('%s: every W bit for bit as numpy draws it, b zero', async (target) => {
    const model = await targets[target](example(file));
    expect(fingerprint(model.getParameters(), GLIBC_LOG_EXCEPTIONS[file])).toEqual(NUMPY[file].map((row) => [...row]));
  }, 120_000);
});
