/** Kernel-level failures as values with codes; printed only at the process edge. */
export class KernelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KernelError';
  }
}
