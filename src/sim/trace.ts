/** The trace recorder: every step of a run, numbered, with the fields the contract and the views need. */
import { KERNEL_FILES, type KernelFn } from './kernel-files.ts';
import type { Evidence, TracePhase, TraceStep, StepKind } from './result.ts';

export interface StepInput {
  cpu: number | null;
  fn: KernelFn | string;
  evidence: Evidence;
  note: string;
  kind?: StepKind;
  file?: string;
  extra?: Partial<Omit<TraceStep, 'seq' | 'cpu' | 'fn' | 'file' | 'evidence' | 'note' | 'phase' | 'kind'>>;
}

export class TraceRecorder {
  readonly steps: TraceStep[] = [];
  phase: TracePhase = 'boot';

  /** Records one step and returns its seq. */
  add(input: StepInput): number {
    const seq = this.steps.length + 1;
    const file = input.file ?? (KERNEL_FILES as Record<string, string>)[input.fn] ?? '';
    const step: TraceStep = {
      seq,
      cpu: input.cpu,
      fn: input.fn,
      file,
      evidence: input.evidence,
      note: input.note,
      phase: this.phase,
      kind: input.kind ?? 'step',
    };
    // Assigned, not spread: a spread of objects whose keys vary per step takes V8's slow path.
    if (input.extra) Object.assign(step, input.extra);
    this.steps.push(step);
    return seq;
  }

  last(): TraceStep | undefined {
    return this.steps[this.steps.length - 1];
  }
}
