import { test } from './harness.ts';
test('look', async ({ page, app }) => {
  await app.open('#/sandbox');
  await page.screenshot({ path: '/tmp/look-sandbox.png' });
  await app.open('#/labs');
  await page.getByLabel('Name').fill('Ada');
  await page.getByLabel('Student id').fill('s1');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/look-labs.png', fullPage: true });
  await app.open('#/lab/02-sme-two-wbinvds/2');
  await page.getByRole('heading', { name: 'Exercises' }).waitFor();
  await page.screenshot({ path: '/tmp/look-lab.png', fullPage: true });
});
