import { test, expect } from "@playwright/test";
import { a11y } from "./a11y";

// The check every browser test runs on every page: shown to fail on the two
// faults it exists for, so that a passing run means something.
test("the accessibility check fails a page with low contrast text or an unlabelled field", async ({ page }) => {
  await page.goto("/");
  await a11y(page);
  await page.evaluate(() => {
    const p = document.createElement("p");
    p.textContent = "浅灰色的说明文字";
    p.style.cssText = "color:#c8c8c8;background:#fff";
    document.querySelector("main")!.append(p);
  });
  await expect(a11y(page)).rejects.toThrow(/color-contrast/);

  await page.reload();
  await page.evaluate(() => {
    const input = document.createElement("input");
    input.name = "unlabelled";
    document.querySelector("main form")!.append(input);
  });
  await expect(a11y(page)).rejects.toThrow(/label/);
});
