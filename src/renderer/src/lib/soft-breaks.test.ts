import { describe, expect, it } from 'vitest';
import { softBreaks } from './soft-breaks.ts';

describe('soft breaks in prose', () => {
  it('lets a long identifier break after its underscores and parentheses, and nothing else', () => {
    const text = 'stop_this_cpu: this_cpu_read(cache_state_incoherent) is true: WBINVD.';
    const parts = softBreaks(text);
    expect(parts.join('')).toBe(text);
    expect(parts).toEqual([
      'stop_this_cpu: this_',
      'cpu_',
      'read(',
      'cache_',
      'state_',
      'incoherent) is true: WBINVD.',
    ]);
  });

  it('never breaks an empty pair of parentheses', () => {
    expect(softBreaks('stop Intel PT, kdump_sev_callback() (not')).toEqual([
      'stop Intel PT, kdump_',
      'sev_',
      'callback() (not',
    ]);
  });

  it('leaves short words and plain text whole', () => {
    expect(softBreaks('relocate_kernel runs on CPU 0.')).toEqual(['relocate_kernel runs on CPU 0.']);
    expect(softBreaks('')).toEqual(['']);
  });

  it('joins back to the text for any input', () => {
    for (const t of [
      'a_b_c_d_e_f_g_h_i_j',
      '(((((((((((((((((((',
      'x tdx_cpu_flush_cache_for_kexec y',
      '  lead',
    ])
      expect(softBreaks(t).join('')).toBe(t);
  });
});
