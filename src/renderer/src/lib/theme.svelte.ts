/** Light, dark, or follow the system; the choice is kept in localStorage (nothing else is). */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'flushpoint.theme';

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export const theme = $state({ choice: stored() });

/** At startup: applies the kept choice, read once above (nothing is written). */
export function applyStoredTheme(): void {
  apply(theme.choice);
}

function apply(choice: ThemeChoice): void {
  theme.choice = choice;
  if (choice === 'system') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = choice;
}

/** The student's choice: applied and kept. */
export function setTheme(choice: ThemeChoice): void {
  apply(choice);
  try {
    localStorage.setItem(KEY, choice);
  } catch {
    // Storage can be unavailable (private mode); the theme still applies for this session.
  }
}
