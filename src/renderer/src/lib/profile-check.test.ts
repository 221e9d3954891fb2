import { describe, expect, it } from 'vitest';
import { profileProblem } from './profile-check.ts';

describe('the profile form asks for what is missing, and gives the id rule only for a bad id', () => {
  it('an empty field is asked for by name', () => {
    expect(profileProblem('Ada', '')).toBe('Please enter your student id.');
    expect(profileProblem('', 's1234')).toBe('Please enter your name.');
    expect(profileProblem('', '')).toBe('Please enter your name and student id.');
  });

  it('a non-empty id that breaks the rule is told the rule', () => {
    const rule = 'The student id may use letters, digits, dot, dash and underscore (up to 64).';
    expect(profileProblem('Ada', 's 1234')).toBe(rule);
    expect(profileProblem('Ada', 'x'.repeat(65))).toBe(rule);
    expect(profileProblem('Ada', 'a.b-c_9')).toBeNull();
  });
});
