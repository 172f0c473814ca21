import type { Page } from "./chromium.js";

/**
 * Drives a page as a person would, through DOM events: typing into a
 * field (an `input` event), choosing in a select (`change`), clicking,
 * hovering (`mouseover`, which bubbles to delegated handlers), and waiting
 * for what the page shows.
 */
export class PageDriver {
  constructor(readonly page: Page) {}

  type(selector: string, text: string): Promise<void> {
    return this.page.evaluate(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) throw new Error("no " + ${JSON.stringify(selector)}); el.value = ${JSON.stringify(text)}; el.dispatchEvent(new Event("input", { bubbles: true })); })()`);
  }

  choose(selector: string, value: string): Promise<void> {
    return this.page.evaluate(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) throw new Error("no " + ${JSON.stringify(selector)}); el.value = ${JSON.stringify(value)}; el.dispatchEvent(new Event("change", { bubbles: true })); })()`);
  }

  click(selector: string): Promise<void> {
    return this.page.evaluate(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) throw new Error("no " + ${JSON.stringify(selector)}); el.click(); })()`);
  }

  /** Hover the element `selectorJs` (an expression giving an element) evaluates to. */
  hover(elementJs: string): Promise<void> {
    return this.page.evaluate(`(() => { const el = ${elementJs}; if (!el) throw new Error("nothing to hover"); el.dispatchEvent(new MouseEvent("mouseover", { bubbles: true })); })()`);
  }

  /** Polls `expression` until it is truthy (its value), failing with `what` after `ms`. */
  async until<T>(expression: string, what: string, ms = 15_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await this.page.evaluate<T>(expression);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
