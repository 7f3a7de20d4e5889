/**
 * The version brand of nnc: written into every generated module (`meta.nncVersion`) and checked
 * by the runtime that loads one, so that generated code and runtime cannot silently drift apart.
 * One number for the whole toolchain, this package's version (version.test.ts holds them equal);
 * a literal rather than a read of package.json so that browser bundles of a runtime carry it.
 */
export const NNC_VERSION = '0.1.0';
