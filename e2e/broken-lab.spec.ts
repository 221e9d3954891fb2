import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, LABS, test } from './harness.ts';

let dir = '';
test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flushpoint-labs-'));
  await cp(LABS, dir, { recursive: true });
  // Break one lab: an exercise kind that does not exist, on a known line.
  const file = join(dir, '02-sme-two-wbinvds', 'lab.yaml');
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace('kind: grid', 'kind: gird'));
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test.describe('a broken lab file', () => {
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a pattern
  test.use({ labsDir: async ({}, use) => use(dir) });

  test('shows its error with file, line and field, while the other labs still open', async ({
    page,
    app,
  }) => {
    await app.open('#/labs');
    const broken = page.getByRole('region', { name: 'Labs that could not be loaded' });
    await expect(broken).toContainText('02-sme-two-wbinvds');
    await expect(broken).toContainText(/lab\.yaml:\d+/);
    await expect(broken).toContainText('exercises[1].kind');
    const good = page.locator('ol.labs > li');
    const count = await good.count();
    expect(count).toBeGreaterThan(0);
    await good.first().getByRole('link').first().click();
    await expect(page.getByRole('heading', { name: 'Exercises' })).toBeVisible();

    // Opening the broken lab directly explains what is wrong instead of failing silently.
    await app.open('#/lab/02-sme-two-wbinvds/1');
    await expect(page.getByRole('alert')).toContainText('exercises[1].kind');
  });
});
