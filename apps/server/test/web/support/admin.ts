import type { Locator, Page } from 'playwright-core';
import type { TestNode } from '../../support/test-node.js';

/** The text a screen reader reads as a control's description (its aria-describedby targets). */
export async function descriptionOf(control: Locator): Promise<string> {
  return control.evaluate((el: DescribedElement) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** What descriptionOf reads of an element (this package is compiled without the DOM's types). */
interface DescribedElement {
  getAttribute(name: string): string | null;
  readonly ownerDocument: { getElementById(id: string): { textContent: string | null } | null };
}

/** The id of the focused element. */
export const focusedId = (page: Page) =>
  page.evaluate<string | undefined>('document.activeElement?.id');

/** The accessible label of the focused element. */
export const focusedLabel = (page: Page) =>
  page.evaluate<string | null | undefined>("document.activeElement?.getAttribute('aria-label')");

/** Reads through the API as the admin: what the server holds, not what the page shows. */
export async function apiGet(t: TestNode, cookie: string, path: string): Promise<any> {
  const res = await t.request('GET', path, { cookie });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Goes to an admin screen through its menu link and waits for its heading. */
export async function openAdminScreen(page: Page, link: string | RegExp): Promise<void> {
  const menu = page.getByRole('navigation', { name: /管理|Admin/ });
  await menu.getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: link }).waitFor();
}
