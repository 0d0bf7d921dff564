import { test, expect } from "@playwright/test";
import { signIn } from "./helpers";
import { a11y } from "./a11y";

test("a guardian finds and reads the plan of a child's school on a phone", async ({ page }) => {
  await signIn(page, "13800000000");
  await page.locator('[data-role="parent"]').getByRole("link", { name: "进入" }).click();
  await expect(page).toHaveURL(/\/parent$/);
  await a11y(page);
  await page.locator("li.child").first().getByRole("link", { name: "课后服务方案" }).click();
  await expect(page.getByRole("link", { name: "2026—2027学年第一学期课后服务方案" })).toBeVisible();
  await a11y(page);
  await page.getByRole("link", { name: "2026—2027学年第一学期课后服务方案" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("2026—2027学年第一学期课后服务方案");
  await a11y(page);
  await expect(page.locator("dl.facts")).toContainText("免费（政府全额保障）");
  await expect(page.locator("dl.facts")).toContainText("校方责任险已由学校统一投保");
  await expect(page.locator("dl.facts")).toContainText("作业辅导");
});

test("anyone can read a published plan without signing in, in English too", async ({ page, context }) => {
  await context.addCookies([{ name: "lang", value: "en", url: "http://127.0.0.1:3000" }]);
  const response = await page.goto("/plans/20");
  await a11y(page);
  expect(response?.status()).toBe(200);
  await expect(page.locator("dl.facts")).toContainText("yuan per student-month");
  await expect(page.locator("dl.facts")).toContainText("Homework help");
});

test("the school finder and a school's page pass the accessibility check, in both languages", async ({ page, context }) => {
  for (const lang of ["zh", "en"]) {
    await context.addCookies([{ name: "lang", value: lang, url: "http://127.0.0.1:3000" }]);
    await page.goto("/");
    await a11y(page);
    await page.locator("select[name=district]").selectOption({ index: 1 });
    await page.locator("input[name=q]").fill("学");
    await page.locator("section.finder button[type=submit]").click();
    await expect(page).toHaveURL(/\/schools\?district=\d+&q=/);
    await a11y(page);
    await page.locator("ul.schools h3 a").first().click();
    await expect(page).toHaveURL(/\/schools\/\d+$/);
    await expect(page.locator("html")).toHaveAttribute("lang", lang === "en" ? "en" : "zh-CN");
    await a11y(page);
  }
});
