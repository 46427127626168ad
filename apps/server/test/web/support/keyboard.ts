import type { Page } from 'playwright-core';

/**
 * The page's tab order: presses Tab until the focus comes round to a control again (or `max`
 * presses) and names each control by its role and accessible name, as a screen reader would.
 * Wherever the focus starts (an autofocused field, say), the list starts at the page's first
 * control: the point where Tab leaves the page marks the wrap.
 */
export async function tabOrder(page: Page, max = 60): Promise<string[]> {
  const seen: (string | null)[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const name = (await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const role = el.getAttribute('role') || ({ A: 'link', BUTTON: 'button', SELECT: 'combobox',
        INPUT: el.type === 'password' ? 'password' : 'textbox' })[el.tagName] || el.tagName.toLowerCase();
      const label = el.labels && el.labels.length ? el.labels[0].textContent
        : (el.getAttribute('aria-label') || el.textContent || '');
      return role + ' ' + label.trim().replace(/\\s+/g, ' ');
    })()`)) as string | null;
    if (name !== null && seen.includes(name)) break;
    if (name === null && seen.includes(null)) continue;
    seen.push(name);
  }
  const wrap = seen.indexOf(null);
  const order = wrap === -1 ? seen : [...seen.slice(wrap + 1), ...seen.slice(0, wrap)];
  return order.filter((name): name is string => name !== null);
}
