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

test("a guardian's pages never download the bureau's or the school staff's code", async ({ page }) => {
  const loads = wasmLoads(page);
  await signIn(page, "13800000000");
  for (const path of ["/parent", "/inbox", "/plans/1"]) {
    await page.goto(path);
    await hydrated(page);
  }
  expect(loads.some((p) => p.startsWith("/pkg/beilei"))).toBe(true);
  expect(loads.filter((p) => p.includes("/split_")), "no lazy route's chunk").toEqual([]);
});

test("the bureau's page fetches its own chunk, and works", async ({ page }) => {
  await signIn(page, "bureau000");
  const chunk = page.waitForResponse((r) => r.url().includes("/pkg/split_bureau_view"));
  await page.goto("/bureau/1");
  expect((await chunk).status()).toBe(200);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
