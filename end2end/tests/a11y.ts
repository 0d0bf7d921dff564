import AxeBuilder from "@axe-core/playwright";
import { Page } from "@playwright/test";

/** WCAG 2.1 A and AA: what GB/T 37668 follows. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Checks the page as it is now with axe-core and throws on any serious or
 * critical WCAG 2.1 A/AA violation, naming the page, the rule and the
 * elements. One line per page a test opens: `await a11y(page)`. */
export async function a11y(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length === 0) return;
  const lines = bad.map(
    (v) => `  ${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ")}`).join("\n"),
  );
  const url = new URL(page.url());
  throw new Error(`accessibility: ${url.pathname}${url.search}\n${lines.join("\n")}`);
}
