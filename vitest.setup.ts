// Property tests (fast-check) use a fixed seed so that CI runs are reproducible; set FC_SEED to
// explore other seeds locally (a failure prints the seed and path that reproduce it).
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261128) });
