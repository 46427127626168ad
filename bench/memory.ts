/**
 * Peak memory of a run. RSS comes from the kernel's high-water mark (getrusage maxrss), which
 * no sampling can miss; the heap has no such mark, so it is sampled by whoever drives the run.
 */
export class MemoryPeak {
  private heap = 0;

  sample(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.heap) this.heap = used;
  }

  get peakHeapMb(): number {
    return this.heap / 2 ** 20;
  }

  /** Peak resident set of the whole process so far (module loading included). */
  get peakRssMb(): number {
    return (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
  }
}
