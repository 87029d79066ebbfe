// Type declarations for the Emscripten build of PFFFT (the package ships none); only what lib/fft uses.
declare module '@echogarden/pffft-wasm/simd' {
  /** The instantiated Emscripten module: C exports prefixed with `_`, heap views refreshed on growth. */
  export interface PffftModule {
    HEAPF32: Float32Array;
    _pffft_new_setup(n: number, transform: number): number;
    _pffft_destroy_setup(setup: number): void;
    _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
    _pffft_aligned_malloc(bytes: number): number;
    _pffft_aligned_free(ptr: number): void;
    _pffft_simd_size(): number;
  }
  const factory: (moduleArg?: Record<string, unknown>) => Promise<PffftModule>;
  export default factory;
}
