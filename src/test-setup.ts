import { vi } from 'vitest';

// Importing the real `electron` package from a test would start a binary download: every test
// sees the mock instead (see src/main/__mocks__/electron.ts).
vi.mock('electron', () => import('./main/__mocks__/electron.ts'));
