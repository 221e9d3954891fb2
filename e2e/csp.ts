/** What the pages' Content-Security-Policy does, read from inside a page (Chromium's or Electron's). */
import type { Page } from '@playwright/test';

/**
 * The directive that refused a fetch of `url`: the violation event, so a machine that is merely offline
 * cannot pass for a policy that refuses. Never settles if the fetch is neither refused nor answered.
 */
export function fetchRefusedBy(page: Page, url: string): Promise<string> {
  return page.evaluate(
    (target) =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), {
          once: true,
        });
        fetch(target).then(
          () => resolve('none: the fetch was answered'),
          () => undefined,
        );
      }),
    url,
  );
}
