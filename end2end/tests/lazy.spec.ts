import { test, expect, Page } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

/** The WASM files the page fetched so far. */
function wasmLoads(page: Page): string[] {
  const loads: string[] = [];
  page.on("requestfinished", (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/pkg/") && url.pathname.endsWith(".wasm")) loads.push(url.pathname);
  });
  return loads;
}

test("a guardian's pages are server HTML: only the small islands module loads, no page's own code", async ({ page }) => {
  await signIn(page, "13800000000");
  const loads = wasmLoads(page);
  for (const path of ["/parent", "/inbox", "/plans/1", "/"]) {
    await page.goto(path);
    await hydrated(page);
  }
  expect(loads.some((p) => /^\/pkg\/beilei[.\w-]*\.wasm$/.test(p))).toBe(true);
  expect(loads.filter((p) => /split_|chunk_/.test(p)), "no island's chunk").toEqual([]);
});

test("the plan editor, an island, fetches its own chunk and works", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "school000");
  const chunk = page.waitForResponse((r) => r.url().includes("/pkg/split_plan_editor"));
  await page.goto("/school/1/plans/new");
  expect((await chunk).status()).toBe(200);
  await hydrated(page);
  await expect(page.getByLabel("方案标题")).toBeEditable();
});
