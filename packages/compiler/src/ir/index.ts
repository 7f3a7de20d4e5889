// The compiler's IRs: the op graph (graph, ops, builder, printer, verifier, interpreter) and
// the schedule both emitters consume.
export * from './graph.js';
export * from './ops.js';
export * from './builder.js';
export * from './print.js';
export * from './print-schedule.js';
export * from './verify.js';
export * from './evaluate.js';
export * from './tensor.js';
export * from './schedule.js';
export * from './expr.js';
