// glibc's malloc asks the kernel for 2 MB transparent huge pages for its large blocks when GLIBC_TUNABLES holds
// glibc.malloc.hugetlb=1 (glibc ≥ 2.35; older glibc and other libcs ignore it). Frames, sums and micrographs are
// 8–270 MB ArrayBuffers touched once each: with 4 KB pages every first touch is a page fault (12–20 µs here) and
// the sums' column walks miss the TLB. Measured on the 4096²×40 TIFF with 5×5 patches: 12.4–12.6 s → 11.3 s; a
// 4096² ctffind command 0.91 s → 0.63–0.73 s. glibc reads the variable once, at process start, so it is set where
// processes start: bin/cryoem-daq.mjs's shebang, `npm start`, functions/Dockerfile.
export const HUGE_PAGE_TUNABLE = 'glibc.malloc.hugetlb=1';

/** Whether this process was started with the tunable (a `glibc.malloc.hugetlb` of 1 or 2 in GLIBC_TUNABLES). */
export function hugePagesRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.GLIBC_TUNABLES ?? '').split(':').some((t) => /^glibc\.malloc\.hugetlb=[12]$/.test(t));
}

/** `env` for a child process that should start with the tunable; any other tunables the user set are kept after it. */
export function withHugePages(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (hugePagesRequested(env)) return env;
  return { ...env, GLIBC_TUNABLES: [HUGE_PAGE_TUNABLE, env.GLIBC_TUNABLES].filter((t) => t).join(':') };
}
