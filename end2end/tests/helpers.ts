import { expect, Page } from "@playwright/test";
import { a11y } from "./a11y";

export const DEMO_PASSWORD = "beilei-demo";

/** Waits until the page's islands have hydrated, so clicks reach them (a
 * page without islands is plain HTML, ready as it is), then checks the page's
 * accessibility. */
export async function hydrated(page: Page) {
  await page.waitForFunction(
    () => (window as any).__beilei_hydrated === true || !document.querySelector("leptos-island"),
    null,
    { timeout: 30_000 },
  );
  await a11y(page);
}

export async function signIn(page: Page, login: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel(/手机号或用户名|Phone number or user name/).fill(login);
  await page.getByLabel(/^密码$|^Password$/).fill(password);
  await page.getByRole("button", { name: /^登录$|^Sign in$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/您好|Hello/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: /^退出登录$|^Sign out$/ }).click();
  await expect(page.getByRole("link", { name: /^登录$|^Sign in$/ }).first()).toBeVisible();
}

/** The app's files (`/pkg/…`: script, WASM) the page fetched so far. */
export function appLoads(page: Page): string[] {
  const loads: string[] = [];
  page.on("requestfinished", (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/pkg/")) loads.push(url.pathname);
  });
  return loads;
}
