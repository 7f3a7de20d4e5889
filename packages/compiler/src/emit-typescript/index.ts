export { emitTypeScript, NNC_VERSION, type EmitOptions } from './emit-typescript.js';
